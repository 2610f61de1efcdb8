"""Large-item queue throughput, one producer process to one consumer process (twin of QueueLargeItems.java)."""
import json
import multiprocessing as mp
import sys
import time

ITEM_BYTES = 4 << 20
WARM_ITEMS = 20


def produce(queue, n):
    item = bytearray(ITEM_BYTES)
    for i in range(n):
        item[0] = i % 256
        queue.put(bytes(item))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    queue = mp.Queue(4)
    producer = mp.Process(target=produce, args=(queue, n))
    producer.start()
    for _ in range(WARM_ITEMS):
        queue.get()
    start = time.perf_counter()
    for i in range(WARM_ITEMS, n):
        item = queue.get()
        if len(item) != ITEM_BYTES or item[0] != i % 256:
            raise SystemExit("item %d arrived wrong" % i)
    seconds = time.perf_counter() - start
    producer.join()
    print(json.dumps({"name": "queue_large_items", "value": round((n - WARM_ITEMS) * ITEM_BYTES / (1 << 20) / seconds, 3),
                      "unit": "MiB/s"}))


if __name__ == "__main__":
    main()
