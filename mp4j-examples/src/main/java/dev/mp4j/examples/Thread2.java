package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 000, thread2.py: two threads increment a global {@code x} without a
 * lock; increments are lost, so {@code x} is often below 2 {@link #INCREMENTS}. {@code x} is volatile so that the
 * compiler keeps every read and write (Python's bytecode does), which is what lets them interleave.
 */
public final class Thread2 {
    static volatile int x = 0;

    /**
     * Increments per thread. The seed does 100,000; a JVM runs the loop about 100 times faster than
     * CPython, so it takes 1,000,000 for the two threads to overlap as the seed's do.
     */
    static final int INCREMENTS = 1_000_000;

    private Thread2() {
    }

    static void increment() {
        x += 1;
    }

    static void threadTask() {
        for (int i = 0; i < INCREMENTS; i++) {
            increment();
        }
    }

    static void mainTask() throws InterruptedException {
        x = 0;
        Process t1 = Process.of(Engine.THREADS, Thread2::threadTask);
        Process t2 = Process.of(Engine.THREADS, Thread2::threadTask);
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
