"""CPython twin of ProcessStartBench: start+join of a trivial target with spawn, fork and forkserver; idle child RSS."""
import json
import multiprocessing as mp
import statistics
import time


def noop():
    pass


def idle():
    time.sleep(60)


def emit(name, value, unit, higher):
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "higherIsBetter": higher}), flush=True)


def start_join(ctx, rounds):
    p = ctx.Process(target=noop)
    p.start()
    p.join()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    emit("start_join_cold", start_join(mp.get_context("spawn"), 8), "ms", False)
    emit("start_join_warm_spare", start_join(mp.get_context("forkserver"), 15), "ms", False)
    emit("start_join_fork", start_join(mp.get_context("fork"), 15), "ms", False)
    ctx = mp.get_context("spawn")
    p = ctx.Process(target=idle)
    p.start()
    time.sleep(1.5)
    with open(f"/proc/{p.pid}/status") as status:
        rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    p.kill()
    p.join()
    emit("idle_child_rss", rss_kb / 1024.0, "MiB", False)


if __name__ == "__main__":
    main()
