package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Lock;
import dev.mp4j.sync.Semaphore;

/**
 * Seed 000, synchro2.py: {@link Synchro1} with a shared {@link Lock} around each update, so the
 * final balance is always 100. The processes start together, as in {@code Synchro1}, so
 * that they really contend for the lock.
 */
public final class Synchro2 {
    /**
     * Updates per process. The seed does 10,000; a JVM runs the loop about 100 times faster than
     * CPython, so it takes 1,000,000 for the two processes to overlap as the seed's do.
     */
    static final int UPDATES = 1_000_000;

    private Synchro2() {
    }

    static void withdraw(Value.OfInt balance, Lock lock) throws InterruptedException {
        for (int x = 0; x < UPDATES; x++) {
            lock.acquire();
            balance.set(balance.get() - 1);
            lock.release();
        }
    }

    static void deposit(Value.OfInt balance, Lock lock) throws InterruptedException {
        for (int x = 0; x < UPDATES; x++) {
            lock.acquire();
            balance.set(balance.get() + 1);
            lock.release();
        }
    }

    static void performTransactions() throws InterruptedException {
        Value.OfInt balance = Value.ofInt(100);
        Lock lock = Lock.create();
        Semaphore ready = Semaphore.create(0);
        Event start = Event.create();
        Process p1 = Process.of(() -> {
            try {
                ready.release();
                start.await();
                withdraw(balance, lock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Process p2 = Process.of(() -> {
            try {
                ready.release();
                start.await();
                deposit(balance, lock);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    public static void main(String[] args) throws InterruptedException {
        for (int x = 0; x < 10; x++) {
            performTransactions();
        }
    }
}
