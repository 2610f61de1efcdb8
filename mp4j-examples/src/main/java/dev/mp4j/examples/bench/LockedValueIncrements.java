package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Semaphore;

/**
 * Increments of a shared Value under its lock from 2 processes ({@code with v.get_lock(): v.value += 1}).
 * Both children wait for a start signal; timed from the signal until both have finished.
 * Twin of bench/python/locked_value_increments.py. Argument: increments per process (default 5,000,000).
 */
public final class LockedValueIncrements {
    private LockedValueIncrements() {
    }

    public static void main(String[] args) throws Exception {
        int perProcess = BenchResult.count(args, 5_000_000);
        Value.OfLong value = Value.ofLong(0);
        Event go = Event.create();
        Semaphore ready = Semaphore.create(0);
        Semaphore finished = Semaphore.create(0);
        Process[] workers = new Process[2];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = Process.of(() -> {
                try {
                    ready.release();
                    go.await();
                    var lock = value.lock();
                    for (int i = 0; i < perProcess; i++) {
                        lock.lock();
                        try {
                            value.set(value.get() + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                    finished.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workers[w].start();
        }
        ready.acquire();
        ready.acquire();
        long start = System.nanoTime();
        go.set();
        finished.acquire();
        finished.acquire();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Process worker : workers) {
            worker.join();
        }
        if (value.get() != 2L * perProcess) {
            throw new IllegalStateException("lost updates: " + value.get() + " != " + 2L * perProcess);
        }
        new BenchResult("locked_value_increments", 2.0 * perProcess / seconds, "ops/s").print();
    }
}
