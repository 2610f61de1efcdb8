package dev.mp4j.examples;

import dev.mp4j.pool.Pool;

import java.util.stream.IntStream;

/** Seed 000, PoolExample2.py: nine one-second tasks on four workers take about three seconds, not nine. */
public final class PoolExample2 {
    private PoolExample2() {
    }

    static Object doingStuffs(int x) {
        System.out.println("Process: " + x + " " + ProcessHandle.current().pid());
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        try (Pool pool = Pool.create(4)) {
            pool.map(PoolExample2::doingStuffs, IntStream.range(1, 10).boxed().toList(), 1);
        }
        System.out.println("elapsed time: " + (System.nanoTime() - start) / 1e9);
    }
}
