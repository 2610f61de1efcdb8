package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Lock;

/**
 * Seed 000, synchro2.py: {@link Synchro1} with a shared {@link Lock} around each update, so the
 * final balance is always 100. The processes wait for a start event, as in {@code Synchro1}, so
 * that they really contend for the lock.
 */
public final class Synchro2 {
    private Synchro2() {
    }

    static void withdraw(Value.OfInt balance, Lock lock) throws InterruptedException {
        for (int x = 0; x < 10000; x++) {
            lock.acquire();
            balance.set(balance.get() - 1);
            lock.release();
        }
    }

    static void deposit(Value.OfInt balance, Lock lock) throws InterruptedException {
        for (int x = 0; x < 10000; x++) {
            lock.acquire();
            balance.set(balance.get() + 1);
            lock.release();
        }
    }

    static void performTransactions() throws InterruptedException {
        Value.OfInt balance = Value.ofInt(100);
        Lock lock = Lock.create();
        Event start = Event.create();
        Process p1 = Process.of(() -> {
            try {
                start.await();
                withdraw(balance, lock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Process p2 = Process.of(() -> {
            try {
                start.await();
                deposit(balance, lock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        p1.start();
        p2.start();
        start.set();
        p1.join();
        p2.join();
        System.out.println("Final balance = " + balance.get());
    }

    public static void main(String[] args) throws InterruptedException {
        for (int x = 0; x < 10; x++) {
            performTransactions();
        }
    }
}
