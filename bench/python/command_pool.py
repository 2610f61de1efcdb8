"""Twin of dev.mp4j.examples.bench.CommandPoolBench: multiprocessing.Pool(4) + subprocess.run
running `true` 500 times; median of 7 measured rounds after 2 warm-up rounds. Prints one JSON line
{"name":..,"value":..,"unit":"commands/s"}. Usage: python3 command_pool.py [commands] [jobs]"""
import json
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool

WARMUP_ROUNDS = 2
MEASURED_ROUNDS = 7


def run_true(_):
    return subprocess.run(["true"], capture_output=True).returncode


def main():
    commands = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    rates = []
    with Pool(jobs) as pool:
        for round_number in range(WARMUP_ROUNDS + MEASURED_ROUNDS):
            start = time.perf_counter()
            codes = pool.map(run_true, range(commands))
            elapsed = time.perf_counter() - start
            if any(codes):
                raise SystemExit("a `true` command failed")
            if round_number >= WARMUP_ROUNDS:
                rates.append(commands / elapsed)
    print(json.dumps({"name": f"command_pool_true_x{commands}_jobs{jobs}",
                      "value": round(statistics.median(rates), 1), "unit": "commands/s"}))


if __name__ == "__main__":
    main()
