package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Lock;

/**
 * Seed 003 (notebook), "How do multiple processes communicate?", In [21]: a shared-memory
 * {@code Value('i', 500)} that one process increments 500 times and another decrements 500 times,
 * each update under a shared Lock; the balance ends at 500. Both objects reach the child JVMs by
 * being captured in the targets (the notebook's "shared via inheritance").
 */
public final class ValueWithLock {
    private ValueWithLock() {
    }

    static void deposit(Value.OfInt balance, Lock lock) {
        for (int i = 0; i < 500; i++) {
            lock.lock();
            try {
                balance.set(balance.get() + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    static void withdraw(Value.OfInt balance, Lock lock) {
        for (int i = 0; i < 500; i++) {
            lock.lock();
            try {
                balance.set(balance.get() - 1);
            } finally {
                lock.unlock();
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Value.OfInt balance = Value.ofInt(500); // shared-memory variable
        Lock lock = Lock.create();
        Process p1 = Process.of(() -> deposit(balance, lock));
        Process p2 = Process.of(() -> withdraw(balance, lock));
        p1.start();
        p2.start();
        p1.join();
        p2.join();
        System.out.println(balance.get());
    }
}
