"""CPython twins of the mp4j lab's experiments (threading + multiprocessing, as the seeds write them).

Usage: python3 lab_twin.py EXPERIMENT KIND WORKERS [EXPERIMENT ARGUMENTS...]
  KIND is serial, threads or processes. Prints one JSON line: {"seconds": wall time, "result": "..."}
  with the result in the exact form the Java lab checks. Only the work is timed, not the interpreter's start.
"""
import json
import math
import multiprocessing
import queue
import sys
import threading
import time
import urllib.request
from multiprocessing.pool import ThreadPool


# --- factorize: the seed's Final_example, verbatim where it can be -------------------------------
def factorize_naive(n):
    if n < 2:
        return []
    factors = []
    p = 2
    while True:
        if n == 1:
            return factors
        r = n % p
        if r == 0:
            factors.append(p)
            n = n // p
        elif p * p >= n:
            factors.append(n)
            return factors
        elif p > 2:
            p += 2
        else:
            p += 1


def serial_factorizer(nums):
    return {n: factorize_naive(n) for n in nums}


def threaded_factorizer(nums, nthreads):
    def worker(nums, outdict):
        for n in nums:
            outdict[n] = factorize_naive(n)
    chunksize = int(math.ceil(len(nums) / float(nthreads)))
    threads = []
    outs = [{} for i in range(nthreads)]
    for i in range(nthreads):
        t = threading.Thread(target=worker, args=(nums[chunksize * i:chunksize * (i + 1)], outs[i]))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    return {k: v for out_d in outs for k, v in out_d.items()}


def mp_worker(nums, out_q):
    outdict = {}
    for n in nums:
        outdict[n] = factorize_naive(n)
    out_q.put(outdict)


def mp_factorizer(nums, nprocs):
    out_q = multiprocessing.Queue()
    chunksize = int(math.ceil(len(nums) / float(nprocs)))
    procs = []
    for i in range(nprocs):
        p = multiprocessing.Process(target=mp_worker, args=(nums[chunksize * i:chunksize * (i + 1)], out_q))
        procs.append(p)
        p.start()
    resultdict = {}
    for i in range(nprocs):
        resultdict.update(out_q.get())
    for p in procs:
        p.join()
    return resultdict


def factorize(kind, workers, count, start):
    nums = [start + 2 * i for i in range(int(count))]
    if kind == "serial":
        result = serial_factorizer(nums)
    elif kind == "threads":
        result = threaded_factorizer(nums, workers)
    else:
        result = mp_factorizer(nums, workers)
    return str(sum(f for factors in result.values() for f in factors))


# --- primes: the seed's assignment --------------------------------------------------------------
def isprime(n):
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False
    m = int(math.sqrt(n))
    i = 3
    while i <= m:
        if n % i == 0:
            return False
        i += 2
    return True


def sum_primes(n):
    return sum(x for x in range(2, n) if isprime(x))


def pool_map(kind, workers, function, items):
    if kind == "serial":
        return [function(item) for item in items]
    pool = ThreadPool(workers) if kind == "threads" else multiprocessing.Pool(workers)
    with pool:
        return pool.map(function, items, 1)


def primes(kind, workers, up_to):
    inputs = list(range(100000, int(up_to), 100000))
    sums = pool_map(kind, workers, sum_primes, inputs)
    return str([[n, s] for n, s in zip(inputs, sums)])


# --- integrate: the course seed's integrate(f, a, b, N) -----------------------------------------
def f(x):
    return x ** 2


def integrate(f, a, b, N):
    s = 0
    dx = (b - a) / N
    for i in range(N):
        s += f(a + i * dx)
    return s * dx


def integrate_chunk(chunk):
    index, chunks, steps = chunk
    width = 10.0 / chunks
    x0 = width * index
    return integrate(f, x0, x0 + width, steps)


def integration(kind, workers, steps):
    chunks = 1 if kind == "serial" else workers
    work = [(i, chunks, int(steps) // chunks) for i in range(chunks)]
    return "%.9f" % sum(pool_map(kind, workers, integrate_chunk, work))


# --- io: fan-out of HTTP requests to the lab's server --------------------------------------------
def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return int(response.read().decode("ascii").strip())


def io(kind, workers, base_url, requests):
    urls = [base_url + str(i) for i in range(int(requests))]
    return str(sum(pool_map(kind, workers, fetch, urls)))


# --- producer/consumer with a bounded queue and poison pills ------------------------------------
POISON_PILL = -1


def work(item):
    return sum(factorize_naive(item))


def consume(tasks, results):
    count = 0
    total = 0
    while True:
        item = tasks.get()
        if item == POISON_PILL:
            break
        total += work(item)
        count += 1
    results.put((count, total))


def producer_consumer(kind, workers, items, first, capacity, _virtual_consumers):
    items, first, capacity = int(items), int(first), int(capacity)
    if kind == "serial":
        total = sum(work(first + i) for i in range(items))
        return "%d items, factor sum %d" % (items, total)
    if kind == "threads":
        tasks, results, start = queue.Queue(capacity), queue.Queue(), threading.Thread
    else:
        tasks, results, start = multiprocessing.Queue(capacity), multiprocessing.Queue(), multiprocessing.Process
    consumers = [start(target=consume, args=(tasks, results)) for _ in range(workers)]
    for c in consumers:
        c.start()
    for i in range(items):
        tasks.put(first + i)
    for _ in consumers:
        tasks.put(POISON_PILL)
    count = total = 0
    for _ in consumers:
        c_count, c_total = results.get()
        count += c_count
        total += c_total
    for c in consumers:
        c.join()
    return "%d items, factor sum %d" % (count, total)


# --- a 3-stage pipeline --------------------------------------------------------------------------
def generate(items, out):
    for i in range(items):
        out.put(i)
    out.put(POISON_PILL)


def square(inp, out, modulus):
    while True:
        item = inp.get()
        if item == POISON_PILL:
            out.put(POISON_PILL)
            return
        out.put(item * item % modulus)


def sink(inp, result):
    total = 0
    while True:
        item = inp.get()
        if item == POISON_PILL:
            result.put(total)
            return
        total += item


def pipeline(kind, _workers, items, capacity, modulus):
    items, capacity, modulus = int(items), int(capacity), int(modulus)
    if kind == "serial":
        return str(sum(i * i % modulus for i in range(items)))
    if kind == "threads":
        make, start = queue.Queue, threading.Thread
    else:
        make, start = multiprocessing.Queue, multiprocessing.Process
    first, second, result = make(capacity), make(capacity), make(1)
    stages = [start(target=generate, args=(items, first)), start(target=square, args=(first, second, modulus)),
              start(target=sink, args=(second, result))]
    for s in stages:
        s.start()
    total = result.get()
    for s in stages:
        s.join()
    return str(total)


EXPERIMENTS = {
    "factorize": lambda kind, w, a: factorize(kind, w, int(a[0]), int(a[1])),
    "primes": lambda kind, w, a: primes(kind, w, a[0]),
    "integrate": lambda kind, w, a: integration(kind, w, a[0]),
    "io": lambda kind, w, a: io(kind, w, a[0], a[1]),
    "producer-consumer": lambda kind, w, a: producer_consumer(kind, w, *a),
    "pipeline": lambda kind, w, a: pipeline(kind, w, *a),
}


def main(argv):
    if len(argv) < 4 or argv[1] not in EXPERIMENTS or argv[2] not in ("serial", "threads", "processes"):
        sys.stderr.write(__doc__)
        return 2
    experiment, kind, workers = argv[1], argv[2], int(argv[3])
    start = time.perf_counter()
    result = EXPERIMENTS[experiment](kind, workers, argv[4:])
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "result": result}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
