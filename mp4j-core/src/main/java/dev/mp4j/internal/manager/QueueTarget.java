package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedQueue;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of Queue and JoinableQueue: a {@link LinkedBlockingQueue} plus Python's count of
 * unfinished tasks (incremented by every successful put, decremented by taskDone), guarded by
 * {@code monitor}.
 */
final class QueueTarget implements SharedQueue<Object> {
    private final LinkedBlockingQueue<Object> items;
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition allDone = monitor.newCondition();
    private long unfinished;

    QueueTarget(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("queue maxsize must be >= 0 (0 means unbounded), got " + capacity);
        }
        items = new LinkedBlockingQueue<>(capacity == 0 ? Integer.MAX_VALUE : capacity);
    }

    private static void requireItem(Object item) {
        if (item == null) {
            throw new NullPointerException("a shared queue cannot hold null (use a sentinel object, e.g. a String or Optional.empty())");
        }
    }

    private void added() {
        monitor.lock();
        try {
            unfinished++;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void put(Object item) throws InterruptedException {
        // counted before the item becomes visible, so a concurrent join() cannot miss it
        requireItem(item);
        added();
        try {
            items.put(item);
        } catch (InterruptedException | RuntimeException e) {
            taskDone();
            throw e;
        }
    }

    @Override
    public boolean offer(Object item) {
        requireItem(item);
        added();
        boolean added = items.offer(item);
        if (!added) {
            taskDone();
        }
        return added;
    }

    @Override
    public boolean offer(Object item, Duration timeout) throws InterruptedException {
        requireItem(item);
        added();
        boolean added;
        try {
            added = items.offer(item, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            taskDone();
            throw e;
        }
        if (!added) {
            taskDone();
        }
        return added;
    }

    @Override
    public Object take() throws InterruptedException {
        return items.take();
    }

    @Override
    public Object poll() {
        return items.poll();
    }

    @Override
    public Object poll(Duration timeout) throws InterruptedException {
        return items.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return items.remainingCapacity();
    }

    @Override
    public void taskDone() {
        monitor.lock();
        try {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than there were items put");
            }
            if (--unfinished == 0) {
                allDone.signalAll();
            }
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void join() throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            while (unfinished > 0) {
                allDone.await();
            }
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public String toString() {
        return "Queue[size=" + size() + "]";
    }
}
