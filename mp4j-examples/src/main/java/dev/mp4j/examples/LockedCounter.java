package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003 (notebook), "Synchronization issues / Interruptions", In [13]: 100 threads each copy a
 * global counter, waste time in a loop that could be interrupted, and write back the copy plus one;
 * with the lock around it, as in the notebook's cell, the counter ends at exactly 100.
 */
public final class LockedCounter {
    static final int N_THREADS = 100;
    static final int STUPIDITY_WINDOW = 100000;
    private static final Lock lock = Lock.create();
    private static volatile int myCounter = 0;

    private LockedCounter() {
    }

    static void func() {
        lock.lock();
        int val = myCounter;
        // Do some stupid things just to take more CPU time
        for (int i = 0; i < STUPIDITY_WINDOW; i++) {
            // At some point we will get interrupted here (unless we use a Lock)
            val += 1;
            val -= 1;
        }
        val += 1;
        myCounter = val;
        lock.unlock();
    }

    public static void main(String[] args) throws InterruptedException {
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < N_THREADS; i++) {
            Process t = Process.of(Engine.THREADS, LockedCounter::func);
            t.start();
            threads.add(t);
        }
        for (Process t : threads) {
            t.join();
        }
        System.out.println(myCounter);
    }
}
