"""Celery twin of the cluster rows of dev.mp4j.cli.bench.ClusterExecutorBench (run by cluster_executor.py).

Same work as the Java side, on the same kind of Redis (a redis-server started here on 127.0.0.1 with
a random port and password, no persistence) as Celery's broker and result backend, with one
Celery worker of prefork concurrency 2 (the Java side has 2 worker JVMs of one thread each).
Celery's defaults otherwise (prefetch multiplier 4, early ack). Needs Debian's python3-celery and
python3-redis under /usr/bin/python3. Prints the metric JSON lines the bench runner reads.
"""
import json
import math
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time

ROUND_TRIPS = 500
MAP_TASKS = 2_000
DEFAULT_MAP = 5_000
BIG_MAP = 100_000
HERE = os.path.dirname(os.path.abspath(__file__))

from celery import Celery  # noqa: E402

app = Celery("cluster_executor_celery", broker=os.environ.get("MP4J_CELERY_BROKER", "redis://127.0.0.1:6379/0"),
             backend=os.environ.get("MP4J_CELERY_BROKER", "redis://127.0.0.1:6379/0"))
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                worker_hijack_root_logger=False, broker_connection_retry_on_startup=True)


@app.task
def identity(x):
    return x


@app.task
def one():
    return 1


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis():
    port = free_port()
    password = secrets.token_hex(16)
    workdir = tempfile.mkdtemp(prefix="mp4j-celery-redis-")
    proc = subprocess.Popen(["redis-server", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.stdin.write(("port %d\nbind 127.0.0.1\nrequirepass %s\nsave \"\"\nappendonly no\nloglevel warning\ndir %s\n"
                      % (port, password, workdir)).encode())
    proc.stdin.close()
    deadline = time.time() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)
    return proc, "redis://:%s@127.0.0.1:%d/0" % (password, port)


def map_rate(items, chunksize):
    from celery import group
    start = time.perf_counter()
    if chunksize == 1:
        out = group(identity.s(x) for x in items).apply_async().get(timeout=600)
    else:
        chunks = identity.chunks(((x,) for x in items), chunksize).group().apply_async().get(timeout=600)
        out = [x for chunk in chunks for x in chunk]
    elapsed = time.perf_counter() - start
    assert out == items, "Celery returned wrong results"
    return len(items) / elapsed


def median_rate(items, chunksize, runs=3):
    rates = sorted(map_rate(items, chunksize) for _ in range(runs))
    return rates[len(rates) // 2]


def main():
    redis, url = start_redis()
    env = dict(os.environ, MP4J_CELERY_BROKER=url, PYTHONPATH=HERE)
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "cluster_executor_celery", "worker", "--pool=prefork",
                               "--concurrency=2", "--loglevel=warning", "--without-gossip", "--without-mingle",
                               "--without-heartbeat"], cwd=HERE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app.conf.broker_url = url
        app.conf.result_backend = url
        one.delay().get(timeout=120)  # the worker is up
        for _ in range(100):
            one.delay().get(timeout=60)
        samples = []
        for _ in range(ROUND_TRIPS):
            start = time.perf_counter_ns()
            one.delay().get(timeout=60)
            samples.append(time.perf_counter_ns() - start)
        samples.sort()
        emit("cluster_apply_round_trip", samples[len(samples) // 2] / 1000.0, "us", False)
        emit("cluster_apply_round_trip_p99", samples[len(samples) * 99 // 100] / 1000.0, "us", False)
        emit("cluster_map_chunksize_1", median_rate(list(range(MAP_TASKS)), 1), "tasks/s", True)
        # the Java pool's default chunksize: about 4 chunks per worker
        emit("cluster_map_default_chunksize", median_rate(list(range(DEFAULT_MAP)), math.ceil(DEFAULT_MAP / 8)), "tasks/s", True)
        emit("cluster_map_default_chunksize_100k", median_rate(list(range(BIG_MAP)), math.ceil(BIG_MAP / 8)), "tasks/s", True)
    finally:
        worker.terminate()
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
        redis.kill()
        redis.wait()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # results still referenced would try to unsubscribe from the Redis that is gone
