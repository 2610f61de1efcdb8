package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001 (PyLadies), "Python Threads: Rlock", the version with a plain (non-reentrant) Lock: each
 * method acquires only {@code if not self.lock.locked()} and releases {@code if self.lock.locked()},
 * so {@code changeAandB} does not deadlock on itself. The slide shows it to contrast with the RLock;
 * the check-then-act is racy, as in Python: a method may release a lock another thread acquired
 * (any thread may release a Lock), and two threads can both see "unlocked". When a release finds
 * the lock already released, mp4j throws "release unlocked lock" in that thread, which ends with
 * exit code 1 and its stack trace on stderr, exactly like the Python thread's RuntimeError.
 */
public final class LockABManager {
    private int a = 1;
    private int b = 2;
    private final Lock lock = Lock.create();

    private LockABManager() {
    }

    private void acquireIfUnlocked() {
        if (!lock.isLocked()) {
            System.out.println("Lock acquired");
            lock.lock();
        }
    }

    private void releaseIfLocked() {
        if (lock.isLocked()) {
            lock.unlock();
        }
        System.out.println("Lock released");
    }

    void changeA() {
        acquireIfUnlocked();
        System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing A");
        a = a + 1;
        releaseIfLocked();
    }

    void changeB() {
        acquireIfUnlocked();
        System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing B");
        b = b + a;
        releaseIfLocked();
    }

    void changeAandB() {
        acquireIfUnlocked();
        System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing A and B");
        changeA();
        changeB();
        releaseIfLocked();
    }

    static void worker(LockABManager managerAB) {
        double r = ThreadLocalRandom.current().nextDouble();
        SeedSleep.seconds(r);
        if (0.5 < r && r < 1.0) {
            managerAB.changeAandB();
        } else if (0.3 < r && r < 0.5) {
            managerAB.changeA();
        } else {
            managerAB.changeB();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        LockABManager manager = new LockABManager();
        for (int i = 0; i < 10; i++) {
            Process t = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1)).target(() -> worker(manager)).build();
            t.start();
        }
        for (Process t : Multiprocessing.activeChildren()) {
            t.join();
        }
    }
}
