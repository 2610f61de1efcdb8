"""CPython twins of the mp4j lab's experiments (threading + multiprocessing, as the seeds write them).

Usage: python3 lab_twin.py EXPERIMENT KIND WORKERS [EXPERIMENT ARGUMENTS...]
  KIND is serial, threads or processes. Prints one JSON line:
  {"seconds": wall time, "startup": until every worker was up, "shutdown": after the last result, stopping and
   joining the workers (both null for serial), "result": "...", "gil": bool}
  with the result in the exact form the Java lab checks. Only the work is timed, not the interpreter's start.
  As in the Java lab, every thread, process or pool worker reports when it is up, and the work starts
  once all are: the start-up and the work are timed apart.
       python3 lab_twin.py isolation FAILURE 2 OTHERS TIMEOUT GRACE HEAP_MB
  runs OTHERS ordinary tasks and one failing one (exit, heap or stuck) on a Pool of 2 and prints its outcome.
"""
import json
import math
import multiprocessing
import os
import queue
import sys
import threading
import time
import urllib.request
from multiprocessing.pool import ThreadPool

READY = None  # set by the driver: the moment every worker was up (time.perf_counter())
DONE = None  # set by the driver: the moment the last result was in, before the workers are stopped and joined


def workers_ready():
    global READY
    if READY is None:
        READY = time.perf_counter()


def work_done():
    global DONE
    if READY is not None and DONE is None:
        DONE = time.perf_counter()


def await_arrivals(ready, count):
    """Waits until COUNT workers released READY (a semaphore), then marks the start-up's end."""
    for _ in range(count):
        if not ready.acquire(timeout=120):
            raise RuntimeError("not every worker started within 120 s")
    workers_ready()


def arrive(ready):
    ready.release()


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
    ready, go = threading.Semaphore(0), threading.Event()

    def worker(nums, outdict):
        ready.release()
        go.wait()
        for n in nums:
            outdict[n] = factorize_naive(n)
    chunksize = int(math.ceil(len(nums) / float(nthreads)))
    threads = []
    outs = [{} for i in range(nthreads)]
    for i in range(nthreads):
        t = threading.Thread(target=worker, args=(nums[chunksize * i:chunksize * (i + 1)], outs[i]))
        threads.append(t)
        t.start()
    await_arrivals(ready, nthreads)
    go.set()
    for t in threads:
        t.join()
    work_done()  # a thread's results are in its dict once it has ended
    return {k: v for out_d in outs for k, v in out_d.items()}


def mp_worker(nums, out_q, ready, go):
    ready.release()
    go.wait()
    outdict = {}
    for n in nums:
        outdict[n] = factorize_naive(n)
    out_q.put(outdict)


def mp_factorizer(nums, nprocs):
    out_q = multiprocessing.Queue()
    ready, go = multiprocessing.Semaphore(0), multiprocessing.Event()
    chunksize = int(math.ceil(len(nums) / float(nprocs)))
    procs = []
    for i in range(nprocs):
        p = multiprocessing.Process(target=mp_worker, args=(nums[chunksize * i:chunksize * (i + 1)], out_q, ready, go))
        procs.append(p)
        p.start()
    await_arrivals(ready, nprocs)
    go.set()
    resultdict = {}
    for i in range(nprocs):
        resultdict.update(out_q.get())
    work_done()
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
    if kind == "threads":
        ready = threading.Semaphore(0)
        pool = ThreadPool(workers, initializer=arrive, initargs=(ready,))
    else:
        ready = multiprocessing.Semaphore(0)
        pool = multiprocessing.Pool(workers, initializer=arrive, initargs=(ready,))
    with pool:
        await_arrivals(ready, workers)
        results = pool.map(function, items, 1)
        work_done()
    pool.join()
    return results


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


def consume(tasks, results, ready):
    ready.release()
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
        tasks, results, start, ready = queue.Queue(capacity), queue.Queue(), threading.Thread, threading.Semaphore(0)
    else:
        tasks, results, start = multiprocessing.Queue(capacity), multiprocessing.Queue(), multiprocessing.Process
        ready = multiprocessing.Semaphore(0)
    consumers = [start(target=consume, args=(tasks, results, ready)) for _ in range(workers)]
    for c in consumers:
        c.start()
    await_arrivals(ready, workers)
    for i in range(items):
        tasks.put(first + i)
    for _ in consumers:
        tasks.put(POISON_PILL)
    count = total = 0
    for _ in consumers:
        c_count, c_total = results.get()
        count += c_count
        total += c_total
    work_done()
    for c in consumers:
        c.join()
    return "%d items, factor sum %d" % (count, total)


# --- a 3-stage pipeline --------------------------------------------------------------------------
def generate(items, out, ready, go):
    ready.release()
    go.wait()
    for i in range(items):
        out.put(i)
    out.put(POISON_PILL)


def square(inp, out, modulus, ready):
    ready.release()
    while True:
        item = inp.get()
        if item == POISON_PILL:
            out.put(POISON_PILL)
            return
        out.put(item * item % modulus)


def sink(inp, result, ready):
    ready.release()
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
        make, start, ready, go = queue.Queue, threading.Thread, threading.Semaphore(0), threading.Event()
    else:
        make, start = multiprocessing.Queue, multiprocessing.Process
        ready, go = multiprocessing.Semaphore(0), multiprocessing.Event()
    first, second, result = make(capacity), make(capacity), make(1)
    stages = [start(target=generate, args=(items, first, ready, go)),
              start(target=square, args=(first, second, modulus, ready)),
              start(target=sink, args=(second, result, ready))]
    for s in stages:
        s.start()
    await_arrivals(ready, 3)
    go.set()
    total = result.get()
    work_done()
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


# --- isolation: a failing task among ordinary ones on a Pool of 2 ---------------------------------
SPINS = None  # a shared counter the stuck task turns, so the parent can see it still runs
LIMITED = False  # whether this worker's address space is limited (else the heap task must not run)


def isolation_init(heap_mb, spins):
    global SPINS, LIMITED
    SPINS = spins
    try:
        import resource
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + heap_mb * 1024 * 1024, resource.RLIM_INFINITY))
        LIMITED = True
    except (ImportError, OSError, ValueError):
        pass  # no limit: the heap task refuses to run rather than take the machine's memory


def ordinary(index):
    return sum(f for n in range(10000000001 + 200 * index, 10000000001 + 200 * index + 80, 2)
               for f in factorize_naive(n))


def failing(failure):
    if failure == "exit":
        sys.exit(3)
    if failure == "heap":
        if not LIMITED:
            raise RuntimeError("this worker's memory cannot be limited (no RLIMIT_AS): the heap task did not run")
        hog = []
        while True:
            hog.append(bytearray(8 * 1024 * 1024))
    while True:
        SPINS.value += 1


def isolation(failure, others, timeout, grace, heap_mb):
    start = time.perf_counter()
    spins = multiprocessing.Value("q", 0, lock=False)
    pool = multiprocessing.Pool(2, initializer=isolation_init, initargs=(heap_mb, spins))
    failing_index = 2
    results = [pool.apply_async(failing, (failure,)) if i == failing_index else pool.apply_async(ordinary, (i,))
               for i in range(others + 1)]
    started = time.monotonic()
    # the caller of a stuck task gives up after its timeout, as get(timeout) does; a lost one is awaited a grace longer
    failing_deadline = started + timeout + (0 if failure == "stuck" else grace)
    deadline = started + timeout + grace
    completed, failing_task = 0, None
    for i, r in enumerate(results):
        try:
            r.get(timeout=max(0.0, (failing_deadline if i == failing_index else deadline) - time.monotonic()))
            outcome = "ok"
        except multiprocessing.TimeoutError:
            outcome = "no answer within %d s" % (timeout + grace) if failure != "stuck" else \
                "TimeoutError after %d s from get(timeout)" % timeout
        except BaseException as e:  # the task's own exception, re-raised by get()
            outcome = type(e).__name__ + (" (" + str(e) + ")" if str(e) else "")
        if i == failing_index:
            failing_task = outcome
        elif outcome == "ok":
            completed += 1
    still_running = None
    if failure == "stuck":
        before = spins.value
        time.sleep(0.3)
        still_running = spins.value != before
    try:
        usable = pool.apply_async(ordinary, (99,)).get(timeout=5) == ordinary(99)
    except multiprocessing.TimeoutError:
        usable = False
    pool.terminate()
    return {"failingTask": failing_task, "othersCompleted": completed, "others": others, "usableAfter": usable,
            "stillRunning": still_running, "seconds": time.perf_counter() - start}


def main(argv):
    if len(argv) >= 8 and argv[1] == "isolation":
        print(json.dumps(isolation(argv[2], int(argv[4]), int(argv[5]), int(argv[6]), int(argv[7]))))
        return 0
    if len(argv) < 4 or argv[1] not in EXPERIMENTS or argv[2] not in ("serial", "threads", "processes"):
        sys.stderr.write(__doc__)
        return 2
    experiment, kind, workers = argv[1], argv[2], int(argv[3])
    start = time.perf_counter()
    result = EXPERIMENTS[experiment](kind, workers, argv[4:])
    seconds = time.perf_counter() - start
    startup = None if READY is None else READY - start
    shutdown = None if DONE is None else start + seconds - DONE
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(json.dumps({"seconds": seconds, "startup": startup, "shutdown": shutdown, "result": result, "gil": gil}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
