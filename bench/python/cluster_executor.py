"""Twin of dev.mp4j.cli.bench.ClusterExecutorBench.

The "processes_*" rows: CPython's multiprocessing.Pool(2), apply round trip and map throughput
(chunksize 1, the default chunksize on 5,000 and on 100,000 items), as the Java side measures its
PROCESSES pool. The "cluster_*" rows: Celery, the usual Python way to run tasks on workers through
Redis, measured by cluster_executor_celery.py under Debian's /usr/bin/python3 when its
python3-celery and python3-redis are installed (same work, same kind of Redis, prefork concurrency
2 = the Java side's 2 worker JVMs); otherwise a note says Celery is not installed. The failure rows
(worker killed, Redis killed) have no twin.
"""
import json
import multiprocessing as mp
import os
import subprocess
import time

ROUND_TRIPS = 1_000
MAP_TASKS = 5_000
BIG_MAP = 100_000
DEBIAN_PYTHON = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))


def identity(x):
    return x


def one():
    return 1


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def note(text):
    print(json.dumps({"note": text}), flush=True)


def map_rate(pool, items, chunksize):
    # as the Java side: a default-chunksize map of 5,000 items lasts about a millisecond, so 3 runs are noise
    runs = 3 if chunksize == 1 else 11 if len(items) <= 10_000 else 5
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        out = pool.map(identity, items, chunksize=chunksize)
        assert out == items
        rates.append(len(items) / (time.perf_counter() - start))
    rates.sort()
    return rates[len(rates) // 2]


def processes():
    items = list(range(MAP_TASKS))
    big = list(range(BIG_MAP))
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
        emit("processes_map_chunksize_1", map_rate(pool, items, 1), "tasks/s", True)
        emit("processes_map_default_chunksize", map_rate(pool, items, None), "tasks/s", True)
        emit("processes_map_default_chunksize_100k", map_rate(pool, big, None), "tasks/s", True)


def celery():
    try:
        probe = subprocess.run([DEBIAN_PYTHON, "-c", "import celery, redis; print(celery.__version__)"],
                               capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        probe = None
    if probe is None or probe.returncode != 0:
        note("Celery not installed: the cluster rows have no twin (apt-get install python3-celery python3-redis"
             " redis-server to compare with Celery)")
        return
    note("the CPython column of the cluster_* rows is Celery %s on Redis (prefork concurrency 2, default prefetch"
         " and acks)" % probe.stdout.strip())
    run = subprocess.run([DEBIAN_PYTHON, os.path.join(HERE, "cluster_executor_celery.py")], capture_output=True, text=True,
                         timeout=900)
    print(run.stdout, end="", flush=True)
    if run.returncode != 0:
        note("the Celery twin failed (exit %d): %s" % (run.returncode, run.stderr.strip().splitlines()[-1:]))


def main():
    processes()
    celery()


if __name__ == "__main__":
    main()
