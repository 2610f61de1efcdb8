"""Latency of one proxy call on a manager dict (d["key"]); twin of ManagerDictRoundtrip.java.

Prints one JSON line: the median over batches of the mean time per call, in microseconds.
"""
import json
import statistics
import time
from multiprocessing import Manager

WARMUP = 3_000
BATCHES = 40
BATCH = 500


def main():
    with Manager() as manager:
        d = manager.dict()
        d["key"] = 1
        sink = 0
        for _ in range(WARMUP):
            sink += d["key"]
        micros = []
        for _ in range(BATCHES):
            start = time.perf_counter()
            for _ in range(BATCH):
                sink += d["key"]
            micros.append((time.perf_counter() - start) * 1e6 / BATCH)
        assert sink > 0
        print(json.dumps({"name": "manager_dict_roundtrip", "value": round(statistics.median(micros), 2), "unit": "us"}))


if __name__ == "__main__":
    main()
