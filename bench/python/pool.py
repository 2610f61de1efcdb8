"""CPython twin of dev.mp4j.examples.bench.PoolBench: the same figures, the same JSON lines."""
import json
import multiprocessing as mp
import os
import signal
import time


def identity(x):
    return x


def one():
    return 1


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def imap_of_generator(pool, n):
    """Tasks/s of one imap of range(n) read lazily from a generator, every result checked in order."""
    start = time.perf_counter()
    expected = 0
    for value in pool.imap(identity, (x for x in range(n))):
        assert value == expected
        expected += 1
    assert expected == n
    return n / (time.perf_counter() - start)


def median_map_rate(pool, items):
    """Median tasks/s of 5 maps of items with the default chunksize, each result checked."""
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        out = pool.map(identity, items)
        assert out == items
        rates.append(len(items) / (time.perf_counter() - start))
    rates.sort()
    return rates[len(rates) // 2]


def main():
    items = list(range(100_000))
    with mp.Pool(2) as pool:
        for _ in range(5):
            pool.map(identity, items, chunksize=1)
            pool.map(identity, items)
        for _ in range(2_000):
            pool.apply_async(one).get()
        samples = []
        for _ in range(5_000):
            start = time.perf_counter_ns()
            pool.apply_async(one).get()
            samples.append(time.perf_counter_ns() - start)
        samples.sort()
        emit("apply_round_trip", samples[len(samples) // 2] / 1000.0, "us", False)

        start = time.perf_counter()
        out = pool.map(identity, items, chunksize=1)
        assert out == items
        emit("map_100k_chunksize_1", len(items) / (time.perf_counter() - start), "tasks/s", True)

        for _ in range(3):
            imap_of_generator(pool, len(items))
        rates = sorted(imap_of_generator(pool, len(items)) for _ in range(5))
        emit("imap_100k_chunksize_1_from_generator", rates[len(rates) // 2], "tasks/s", True)

        emit("map_100k_default_chunksize", median_map_rate(pool, items), "tasks/s", True)

        for _ in range(50):
            pool.map(identity, items)
        emit("map_100k_default_chunksize_after_50_maps", median_map_rate(pool, items), "tasks/s", True)
    # CPython's Pool hangs forever on a task whose worker is killed (bpo-22393); with a timeout the
    # caller gets a TimeoutError but the task is lost. Report the recovery as not possible.
    with mp.Pool(2) as pool:
        result = pool.apply_async(die)
        try:
            result.get(timeout=5)
            recovered = True
        except mp.TimeoutError:
            recovered = False
        emit("recover_from_killed_worker", 5000.0 if not recovered else 0.0, "ms", False)


if __name__ == "__main__":
    main()
