"""Queue throughput, one producer process to one consumer process (twin of QueueThroughput.java)."""
import json
import multiprocessing as mp
import sys
import time


def produce(queue, n):
    for i in range(n):
        queue.put(i)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    queue = mp.Queue()
    producer = mp.Process(target=produce, args=(queue, n))
    producer.start()
    queue.get()
    start = time.perf_counter()
    for _ in range(n - 1):
        queue.get()
    seconds = time.perf_counter() - start
    producer.join()
    print(json.dumps({"name": "queue_throughput", "value": round((n - 1) / seconds, 3), "unit": "msgs/s"}))


if __name__ == "__main__":
    main()
