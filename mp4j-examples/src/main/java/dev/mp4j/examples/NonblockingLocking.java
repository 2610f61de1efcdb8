package dev.mp4j.examples;

import dev.mp4j.sync.Lock;

/**
 * Seed 002 (course week 7), "nonblocking locking": {@code acquire(false)} returns at once, false
 * while the lock is held and true once it is free.
 */
public final class NonblockingLocking {
    private NonblockingLocking() {
    }

    public static void main(String[] args) throws InterruptedException {
        Lock lock = Lock.create();
        lock.acquire();
        if (!lock.acquire(false)) {
            System.out.println("couldn't get lock");
        }
        lock.release();
        if (lock.acquire(false)) {
            System.out.println("got lock");
        }
    }
}
