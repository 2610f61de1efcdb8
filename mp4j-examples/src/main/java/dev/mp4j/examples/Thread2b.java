package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;

/** Seed 000, thread2b.py: {@link Thread2} with a lock around each increment: always 2 {@link #INCREMENTS}. */
public final class Thread2b {
    static volatile int x = 0;

    /**
     * Increments per thread. The seed does 100,000; a JVM runs the loop about 100 times faster than
     * CPython, so it takes 1,000,000 for the two threads to overlap as the seed's do.
     */
    static final int INCREMENTS = 1_000_000;

    private Thread2b() {
    }

    static void increment() {
        x += 1;
    }

    static void threadTask(Lock lock) {
        for (int i = 0; i < INCREMENTS; i++) {
            lock.lock();
            increment();
            lock.unlock();
        }
    }

    static void mainTask() throws InterruptedException {
        x = 0;
        Lock lock = Lock.create();
        Process t1 = Process.of(Engine.THREADS, () -> threadTask(lock));
        Process t2 = Process.of(Engine.THREADS, () -> threadTask(lock));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            mainTask();
            System.out.println("Iteration " + i + ": x = " + x);
        }
    }
}
