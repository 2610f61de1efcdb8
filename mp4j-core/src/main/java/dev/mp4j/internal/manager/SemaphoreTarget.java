package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedSemaphore;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The server side of Semaphore and BoundedSemaphore. State guarded by {@code monitor}. */
final class SemaphoreTarget implements SharedSemaphore {
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition available = monitor.newCondition();
    private final int bound;
    private int permits;

    SemaphoreTarget(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, got " + permits);
        }
        this.permits = permits;
        this.bound = bounded ? permits : Integer.MAX_VALUE;
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(-1);
    }

    @Override
    public boolean tryAcquire() {
        try {
            return acquire(0);
        } catch (InterruptedException e) {
            throw CallContext.shutdown(e);
        }
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(Math.max(0, timeout.toNanos()));
    }

    private boolean acquire(long nanos) throws InterruptedException {
        return acquireTimed(nanos >= 0, nanos);
    }

    private boolean acquireTimed(boolean timed, long nanos) throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            while (permits == 0) {
                if (!timed) {
                    available.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = available.awaitNanos(nanos);
                }
            }
            permits--;
            return true;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void release() {
        monitor.lock();
        try {
            if (permits >= bound) {
                throw new IllegalStateException("bounded semaphore released too many times (its bound is " + bound + ")");
            }
            permits++;
            available.signal();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public int availablePermits() {
        monitor.lock();
        try {
            return permits;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public String toString() {
        return "Semaphore[value=" + availablePermits() + "]";
    }
}
