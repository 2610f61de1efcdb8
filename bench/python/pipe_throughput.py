"""One-way pipe throughput (twin of PipeThroughput.java)."""
import json
import multiprocessing as mp
import sys
import time


def produce(writer, n):
    for i in range(n):
        writer.send(i)
    writer.close()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    reader, writer = mp.Pipe(False)
    producer = mp.Process(target=produce, args=(writer, n))
    producer.start()
    writer.close()
    reader.recv()
    start = time.perf_counter()
    for _ in range(n - 1):
        reader.recv()
    seconds = time.perf_counter() - start
    producer.join()
    print(json.dumps({"name": "pipe_throughput", "value": round((n - 1) / seconds, 3), "unit": "msgs/s"}))


if __name__ == "__main__":
    main()
