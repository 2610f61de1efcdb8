"""Locked increments of a shared Value from 2 processes (twin of LockedValueIncrements.java)."""
import json
import multiprocessing as mp
import sys
import time


def work(value, go, ready, finished, n):
    ready.release()
    go.wait()
    lock = value.get_lock()
    for _ in range(n):
        with lock:
            value.value += 1
    finished.release()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    value = mp.Value("q", 0)
    go = mp.Event()
    ready = mp.Semaphore(0)
    finished = mp.Semaphore(0)
    workers = [mp.Process(target=work, args=(value, go, ready, finished, n)) for _ in range(2)]
    for worker in workers:
        worker.start()
    ready.acquire()
    ready.acquire()
    start = time.perf_counter()
    go.set()
    finished.acquire()
    finished.acquire()
    seconds = time.perf_counter() - start
    for worker in workers:
        worker.join()
    assert value.value == 2 * n, value.value
    print(json.dumps({"name": "locked_value_increments", "value": round(2 * n / seconds, 3), "unit": "ops/s"}))


if __name__ == "__main__":
    main()
