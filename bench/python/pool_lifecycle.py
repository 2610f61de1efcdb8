"""CPython twin of dev.mp4j.examples.bench.PoolLifecycleBench: Pool(n) + map of 1,000 trivial items
with chunksize 1 + close/join, and Pool(n) + one apply + close/join, for n = 1, 2, 4, 8, with each
start method. `_first` is the first pool of a program (a fresh interpreter started for it, its own
start not counted: forkserver's server start included); the plain figure is a later pool of the same
program (median of 5); `_after_pause`, a later pool made after a one-second pause (median of 3).
Same JSON lines as the Java side, the start method as the variant: name@fork."""
import json
import multiprocessing as mp
import statistics
import subprocess
import sys
import time

SIZES = (1, 2, 4, 8)
METHODS = ("fork", "forkserver", "spawn")
ITEMS = list(range(1000))
PAUSE_SECONDS = 1.0


def double(x):
    return x * 2


def answer():
    return 42


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def lifecycle(ctx, shape, n):
    start = time.perf_counter()
    pool = ctx.Pool(n)
    if shape == "map":
        out = pool.map(double, ITEMS, chunksize=1)
        assert len(out) == 1000 and out[999] == 1998
    else:
        assert pool.apply(answer) == 42
    pool.close()
    pool.join()
    return (time.perf_counter() - start) * 1000


def first_in_fresh_interpreter(method, shape, n):
    out = subprocess.run([sys.executable, __file__, "--first", method, shape, str(n)], check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().split("=")[1])


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--first":
        print("total=%f" % lifecycle(mp.get_context(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
        return
    for method in METHODS:
        for n in SIZES:
            emit("map1000_n%d_first@%s" % (n, method), first_in_fresh_interpreter(method, "map", n), "ms", False)
            emit("apply_n%d_first@%s" % (n, method), first_in_fresh_interpreter(method, "apply", n), "ms", False)
    for method in METHODS:
        ctx = mp.get_context(method)
        lifecycle(ctx, "map", 1)
        for n in SIZES:
            emit("map1000_n%d@%s" % (n, method), statistics.median(lifecycle(ctx, "map", n) for _ in range(5)), "ms", False)
            emit("apply_n%d@%s" % (n, method), statistics.median(lifecycle(ctx, "apply", n) for _ in range(5)), "ms", False)
    for method in METHODS:
        ctx = mp.get_context(method)
        for n in (1, 2, 4):
            samples = []
            for _ in range(3):
                time.sleep(PAUSE_SECONDS)
                samples.append(lifecycle(ctx, "map", n))
            emit("map1000_n%d_after_pause@%s" % (n, method), statistics.median(samples), "ms", False)
    for method in ("forkserver", "fork"):
        ctx = mp.get_context(method)
        p = ctx.Process(target=answer)
        p.start()
        p.join()
        samples = []
        for _ in range(15):
            start = time.perf_counter()
            p = ctx.Process(target=answer)
            p.start()
            p.join()
            samples.append((time.perf_counter() - start) * 1000)
        emit("process_start_join_warm_spare@" + method, statistics.median(samples), "ms", False)


if __name__ == "__main__":
    main()
