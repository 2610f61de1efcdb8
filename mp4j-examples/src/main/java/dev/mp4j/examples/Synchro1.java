package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;

/**
 * Seed 000, synchro1.py: two processes withdraw and deposit 10,000 times on a shared balance with
 * an unguarded read-modify-write ({@code balance.value = balance.value - 1}), so updates are lost
 * and the final balance is often not 100.
 *
 * <p>One change: a JVM takes longer to start than 10,000 iterations take to run, so without help the
 * first process would be done before the second begins and nothing would race. Both wait for a
 * start event (in Python, {@code fork} starts them close enough together).
 */
public final class Synchro1 {
    private Synchro1() {
    }

    static void withdraw(Value.OfInt balance) {
        for (int x = 0; x < 10000; x++) {
            balance.set(balance.get() - 1);
        }
    }

    static void deposit(Value.OfInt balance) {
        for (int x = 0; x < 10000; x++) {
            balance.set(balance.get() + 1);
        }
    }

    static void performTransactions() throws InterruptedException {
        Value.OfInt balance = Value.ofInt(100);
        Event start = Event.create();
        Process p1 = Process.of(() -> {
            awaitStart(start);
            withdraw(balance);
        });
        Process p2 = Process.of(() -> {
            awaitStart(start);
            deposit(balance);
        });
        p1.start();
        p2.start();
        start.set();
        p1.join();
        p2.join();
        System.out.println("Final balance = " + balance.get());
    }

    static void awaitStart(Event start) {
        try {
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
