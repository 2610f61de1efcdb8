package dev.mp4j.examples;

import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Seed 003 (notebook), "What are Python threads good for?", In [4]: the same hundred factorials
 * submitted to a {@code ThreadPoolExecutor(max_workers=100)}; {@code submit} returns a Future and
 * {@code result()} blocks for it. mp4j's {@link ThreadPool} is an {@link java.util.concurrent.ExecutorService}:
 * {@code submit} and {@link Future#get()} are the Python calls, try-with-resources is the
 * {@code with} block. Under CPython's GIL this is no faster than {@link FactorialSerial}; the JVM
 * maps each thread to a kernel thread (the notebook's 1:1 model), so here it uses every core.
 */
public final class FactorialThreadPoolExecutor {
    private FactorialThreadPoolExecutor() {
    }

    public static void main(String[] args) throws Exception {
        long cpu = FactorialSerial.processCpuNanos();
        long wall = System.nanoTime();
        try (Pool executor = ThreadPool.create(100)) {
            List<Future<BigInteger>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // submit() returns a Future, not the result
                futures.add(executor.submit(() -> FactorialSerial.factorial(10000)));
            }
            for (Future<BigInteger> future : futures) {
                // get() blocks until the result for this Future is available (only this thread)
                future.get();
            }
        }
        FactorialSerial.printTimes(cpu, wall);
    }
}
