package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Semaphore;

/**
 * Seed 000, synchro1.py: two processes withdraw and deposit on a shared balance with
 * an unguarded read-modify-write ({@code balance.value = balance.value - 1}), so updates are lost
 * and the final balance is often not 100.
 *
 * <p>A JVM takes longer to start than the updates take to run, so without help the
 * first process would be done before the second begins and nothing would race. Both say they are
 * ready and wait for a start event (in Python, {@code fork} starts them close enough together).
 */
public final class Synchro1 {
    /**
     * Updates per process. The seed does 10,000; a JVM runs the loop about 100 times faster than
     * CPython, so it takes 1,000,000 for the two processes to overlap as the seed's do.
     */
    static final int UPDATES = 1_000_000;

    private Synchro1() {
    }

    static void withdraw(Value.OfInt balance) {
        for (int x = 0; x < UPDATES; x++) {
            balance.set(balance.get() - 1);
        }
    }

    static void deposit(Value.OfInt balance) {
        for (int x = 0; x < UPDATES; x++) {
            balance.set(balance.get() + 1);
        }
    }

    static void performTransactions() throws InterruptedException {
        Value.OfInt balance = Value.ofInt(100);
        Semaphore ready = Semaphore.create(0);
        Event start = Event.create();
        Process p1 = Process.of(() -> {
            awaitStart(ready, start);
            withdraw(balance);
        });
        Process p2 = Process.of(() -> {
            awaitStart(ready, start);
            deposit(balance);
        });
        p1.start();
        p2.start();
        ready.acquire();
        ready.acquire();
        start.set();
        p1.join();
        p2.join();
        System.out.println("Final balance = " + balance.get());
    }

    static void awaitStart(Semaphore ready, Event start) {
        try {
            ready.release();
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        for (int x = 0; x < 10; x++) {
            performTransactions();
        }
    }
}
