package dev.mp4j.examples;

import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 002 (course week 7), "ThreadPool": Python's {@code multiprocessing.pool.ThreadPool}
 * ({@code processes=4}) is mp4j's {@link ThreadPool}, a {@link Pool} whose workers are threads of
 * this JVM, with the same API. The seed only creates it; this port runs the pooling example's
 * {@code f} on it ({@code apply_async} and {@code map}) and shows every worker shares this JVM's
 * pid.
 */
public final class ThreadPoolExample {
    private ThreadPoolExample() {
    }

    static int f(int x) {
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        try (Pool pool = ThreadPool.create(4)) {
            System.out.println(pool.applyAsync(() -> f(10)).get(Duration.ofSeconds(1)));
            List<Integer> squares = pool.map(ThreadPoolExample::f, IntStream.range(0, 10).boxed().toList());
            System.out.println(squares);
            boolean sameProcess = pool.workerPids().stream().allMatch(pid -> pid == ProcessHandle.current().pid());
            System.out.println(pool.processes() + " worker threads in process " + ProcessHandle.current().pid() + ": " + sameProcess);
        }
    }
}
