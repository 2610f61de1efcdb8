package dev.mp4j.examples;

import dev.mp4j.Multiprocessing;
import dev.mp4j.pool.Pool;
import dev.mp4j.sync.Lock;

import java.util.List;

/**
 * Seed 003 (notebook), "Pool with initializer and initargs": a Lock created by the parent reaches
 * every worker through the pool's initializer and guards their prints.
 */
public final class PoolWithInitializer {
    private static Lock lock;

    private PoolWithInitializer() {
    }

    static int f(int x) {
        try {
            lock.acquire();
            try {
                System.out.println("Hello I am process \"" + ProcessHandle.current().pid() + "\" and I was created by process \""
                        + Multiprocessing.parentProcess().orElseThrow().pid() + "\" - ");
            } finally {
                lock.release();
            }
            Thread.sleep(Long.getLong("mp4j.examples.sleepMillis", 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return x * x;
    }

    static void init(Lock l) {
        lock = l;
    }

    public static void main(String[] args) {
        Lock l = Lock.create();
        try (Pool p = Pool.builder().initializer(() -> init(l)).processes(5).build()) {
            System.out.println(p.map(PoolWithInitializer::f, List.of(1, 2, 3), 1));
        }
    }
}
