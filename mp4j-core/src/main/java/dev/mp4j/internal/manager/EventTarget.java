package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedEvent;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The server side of Event. State guarded by {@code monitor}. */
final class EventTarget implements SharedEvent {
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition changed = monitor.newCondition();
    private boolean flag;

    @Override
    public void set() {
        monitor.lock();
        try {
            flag = true;
            changed.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void clear() {
        monitor.lock();
        try {
            flag = false;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public boolean isSet() {
        monitor.lock();
        try {
            return flag;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void await() throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            while (!flag) {
                changed.await();
            }
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, timeout.toNanos());
        monitor.lockInterruptibly();
        try {
            while (!flag && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return flag;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "unset") + "]";
    }
}
