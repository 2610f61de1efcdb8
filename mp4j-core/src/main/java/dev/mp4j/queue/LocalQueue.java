package dev.mp4j.queue;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The common body of the in-JVM queues of Python's {@code queue} module that have no
 * cross-process counterpart: {@link LifoQueue} and {@link PriorityQueue}. Items are passed by
 * reference between threads of this JVM (they are not copied, and the queue cannot be passed to a
 * child process). Same API and exceptions as {@link Queue}, plus Python's {@code task_done}/
 * {@code join}.
 *
 * <p>One {@link ReentrantLock} guards the storage and the unfinished-task count; the conditions
 * not-empty, not-full and all-done are signalled under it. Iteration walks a snapshot.
 */
public abstract sealed class LocalQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>
        permits LifoQueue, PriorityQueue {
    private final int maxsize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition allDone = lock.newCondition();
    private int unfinished;

    LocalQueue(int maxsize) {
        this.maxsize = Math.max(0, maxsize);
    }

    abstract void store(E item);

    abstract E removeNext();

    abstract E peekNext();

    abstract int count();

    abstract Collection<E> snapshot();

    /** Python's {@code put(item)}: blocks while full. */
    @Override
    public void put(E item) throws InterruptedException {
        putItem(item, -1);
    }

    /** Python's {@code put(item, block, timeout)}. @throws QueueFullException when it stayed full */
    public void put(E item, boolean block, Duration timeout) throws InterruptedException {
        if (!putItem(item, nanos(block, timeout))) {
            throw new QueueFullException();
        }
    }

    public void putNowait(E item) {
        if (!offer(item)) {
            throw new QueueFullException();
        }
    }

    /** Python's {@code get()}: blocks until an item is available. */
    public E get() throws InterruptedException {
        return getItem(-1);
    }

    /** Python's {@code get(block, timeout)}. @throws QueueEmptyException when it stayed empty */
    public E get(boolean block, Duration timeout) throws InterruptedException {
        E item = getItem(nanos(block, timeout));
        if (item == null) {
            throw new QueueEmptyException();
        }
        return item;
    }

    public E getNowait() {
        E item = poll();
        if (item == null) {
            throw new QueueEmptyException();
        }
        return item;
    }

    /** Marks one item got from this queue as processed. @throws IllegalStateException when none is unfinished */
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            if (--unfinished == 0) {
                allDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every item put has been marked done. */
    public void join() throws InterruptedException {
        lock.lock();
        try {
            while (unfinished > 0) {
                allDone.await();
            }
        } finally {
            lock.unlock();
        }
    }

    public int qsize() {
        lock.lock();
        try {
            return count();
        } finally {
            lock.unlock();
        }
    }

    public boolean isFull() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    public int maxsize() {
        return maxsize;
    }

    private static long nanos(boolean block, Duration timeout) {
        if (!block) {
            return 0;
        }
        return timeout == null ? -1 : Math.max(0, timeout.toNanos());
    }

    /** @param nanos negative: wait forever */
    private boolean putItem(E item, long nanos) throws InterruptedException {
        Objects.requireNonNull(item, "a queue holds no null items: put a sentinel object where Python puts None");
        lock.lockInterruptibly();
        try {
            while (maxsize > 0 && count() >= maxsize) {
                if (nanos < 0) {
                    notFull.await();
                } else if (nanos == 0) {
                    return false;
                } else {
                    nanos = notFull.awaitNanos(nanos);
                    if (nanos <= 0 && count() >= maxsize) {
                        return false;
                    }
                    nanos = Math.max(1, nanos);
                }
            }
            store(item);
            unfinished++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private E getItem(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (count() == 0) {
                if (nanos < 0) {
                    notEmpty.await();
                } else if (nanos == 0) {
                    return null;
                } else {
                    nanos = notEmpty.awaitNanos(nanos);
                    if (nanos <= 0 && count() == 0) {
                        return null;
                    }
                    nanos = Math.max(1, nanos);
                }
            }
            E item = removeNext();
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(E item) {
        try {
            return putItem(item, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return putItem(item, Math.max(0, unit.toNanos(timeout)));
    }

    @Override
    public E take() throws InterruptedException {
        return get();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return getItem(Math.max(0, unit.toNanos(timeout)));
    }

    @Override
    public E poll() {
        try {
            return getItem(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return count() == 0 ? null : peekNext();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        return qsize();
    }

    @Override
    public int remainingCapacity() {
        return maxsize == 0 ? Integer.MAX_VALUE : Math.max(0, maxsize - qsize());
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        if (target == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int drained = 0;
        E item;
        while (drained < maxElements && (item = poll()) != null) {
            target.add(item);
            drained++;
        }
        return drained;
    }

    /** Iterates over a snapshot, in the order items would be got. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            return new ArrayList<>(snapshot()).iterator();
        } finally {
            lock.unlock();
        }
    }
}
