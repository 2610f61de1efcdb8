"""Twin of dev.mp4j.cli.bench.ClusterExecutorBench, for its PROCESSES rows only.

There is no CPython equivalent of Redisson's executor in the standard library (Celery would need
a broker and its own workers), so this twin measures what the Java side's "processes_*" rows
measure, with CPython's multiprocessing.Pool(2): apply round trip and map throughput. The
"cluster_*" rows have no CPython figure.
"""
import json
import multiprocessing as mp
import time

ROUND_TRIPS = 1_000
MAP_TASKS = 5_000


def identity(x):
    return x


def one():
    return 1


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def main():
    items = list(range(MAP_TASKS))
    with mp.Pool(2) as pool:
        for _ in range(200):
            pool.apply_async(one).get()
        pool.map(identity, items, chunksize=1)
        samples = []
        for _ in range(ROUND_TRIPS):
            start = time.perf_counter_ns()
            pool.apply_async(one).get()
            samples.append(time.perf_counter_ns() - start)
        samples.sort()
        emit("processes_apply_round_trip", samples[len(samples) // 2] / 1000.0, "us", False)
        emit("processes_apply_round_trip_p99", samples[len(samples) * 99 // 100] / 1000.0, "us", False)
        for chunksize, name in ((1, "processes_map_chunksize_1"), (None, "processes_map_default_chunksize")):
            rates = []
            for _ in range(3):
                start = time.perf_counter()
                out = pool.map(identity, items, chunksize=chunksize)
                assert out == items
                rates.append(len(items) / (time.perf_counter() - start))
            rates.sort()
            emit(name, rates[1], "tasks/s", True)


if __name__ == "__main__":
    main()
