"""Round-trip latency over a duplex pipe, median (twin of PipeRoundTrip.java)."""
import json
import multiprocessing as mp
import statistics
import sys
import time


def echo(conn):
    # With the fork start method the child also inherits the parent's end, so it would never see
    # EOF: a None sentinel ends it.
    while (item := conn.recv()) is not None:
        conn.send(item)
    conn.close()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    parent, child = mp.Pipe()
    process = mp.Process(target=echo, args=(child,))
    process.start()
    child.close()
    for i in range(n // 10):
        parent.send(i)
        parent.recv()
    samples = []
    for i in range(n):
        start = time.perf_counter_ns()
        parent.send(i)
        parent.recv()
        samples.append(time.perf_counter_ns() - start)
    parent.send(None)
    process.join()
    print(json.dumps({"name": "pipe_round_trip", "value": round(statistics.median(samples) / 1e3, 3), "unit": "us"}))


if __name__ == "__main__":
    main()
