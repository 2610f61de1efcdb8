package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import dev.mp4j.sync.RLock;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001 (PyLadies), "Python Threads: Rlock (Reentrant Mutex Lock)": ten threads change A, B or
 * both of a shared {@code ABManager}; {@code changeAandB} holds the reentrant lock while it calls
 * {@code changeA} and {@code changeB}, which take it again. Python's {@code with self.lock:} is
 * {@code lock(); try {...} finally {unlock();}}. The output keeps Python 2's print spacing
 * ({@code Thread  Thread-3  is changing A}). Random sleeps follow {@link SeedSleep}.
 */
public final class RLockABManager {
    private int a = 1;
    private int b = 2;
    private final RLock lock = RLock.create();

    private RLockABManager() {
    }

    void changeA() {
        System.out.println("Lock acquired");
        lock.lock();
        try {
            System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing A");
            a = a + 1;
        } finally {
            lock.unlock();
        }
        System.out.println("Lock released");
    }

    void changeB() {
        System.out.println("Lock acquired");
        lock.lock();
        try {
            System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing B");
            b = b + a;
        } finally {
            lock.unlock();
        }
        System.out.println("Lock released");
    }

    void changeAandB() {
        System.out.println("Lock acquired");
        lock.lock();
        try {
            System.out.println("Thread  " + Thread.currentThread().getName() + "  is changing A and B");
            changeA();
            changeB();
        } finally {
            lock.unlock();
        }
        System.out.println("Lock released");
    }

    static void worker(RLockABManager managerAB) {
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
        RLockABManager manager = new RLockABManager();
        for (int i = 0; i < 10; i++) {
            Process t = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1)).target(() -> worker(manager)).build();
            t.start();
        }
        for (Process t : Multiprocessing.activeChildren()) {
            t.join();
        }
    }
}
