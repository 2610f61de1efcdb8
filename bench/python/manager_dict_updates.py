"""Updates per second on one manager dict from 2 processes; twin of ManagerDictUpdates.java.

Each process does d[key] = i UPDATES times after a warm-up; timed from the start signal until
both report done. Prints one JSON line.
"""
import json
import time
from multiprocessing import Manager, Process

PROCESSES = 2
UPDATES = 20_000
WARMUP = 2_000


def worker(d, go, done, key):
    for i in range(WARMUP):
        d[key] = i
    done.put("warm")
    go.wait()
    for i in range(UPDATES):
        d[key] = i
    done.put("done")


def main():
    with Manager() as manager:
        d = manager.dict()
        go = manager.Event()
        done = manager.Queue()
        workers = [Process(target=worker, args=(d, go, done, f"worker-{w}")) for w in range(PROCESSES)]
        for p in workers:
            p.start()
        for _ in range(PROCESSES):
            done.get()
        start = time.perf_counter()
        go.set()
        for _ in range(PROCESSES):
            done.get()
        seconds = time.perf_counter() - start
        for p in workers:
            p.join()
        print(json.dumps({"name": "manager_dict_updates_2proc", "value": round(PROCESSES * UPDATES / seconds),
                          "unit": "updates/s"}))


if __name__ == "__main__":
    main()
