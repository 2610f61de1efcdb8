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
 * Thread-safe; a put happens-before the get that returns its item.
 *
 * @param <E> the type of the items
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

    /**
     * Python's {@code put(item)}: blocks while full.
     *
     * @param item the item, not copied
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code item} is null
     */
    @Override
    public void put(E item) throws InterruptedException {
        putItem(item, -1);
    }

    /**
     * Python's {@code put(item, block, timeout)}.
     *
     * @param item    the item, not copied
     * @param block   false to fail at once when full
     * @param timeout how long to wait for room; null waits forever
     * @throws QueueFullException when it stayed full (Python's {@code queue.Full})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code item} is null
     */
    public void put(E item, boolean block, Duration timeout) throws InterruptedException {
        if (!putItem(item, nanos(block, timeout))) {
            throw new QueueFullException();
        }
    }

    /**
     * Python's {@code put_nowait(item)}.
     *
     * @param item the item, not copied
     * @throws QueueFullException when the queue is full
     * @throws NullPointerException when {@code item} is null
     */
    public void putNowait(E item) {
        if (!offer(item)) {
            throw new QueueFullException();
        }
    }

    /**
     * Python's {@code get()}: blocks until an item is available, and removes it.
     *
     * @return the next item (the last put for a LIFO queue, the lowest for a priority queue)
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public E get() throws InterruptedException {
        return getItem(-1);
    }

    /**
     * Python's {@code get(block, timeout)}.
     *
     * @param block   false to fail at once when empty
     * @param timeout how long to wait for an item; null waits forever
     * @return the next item
     * @throws QueueEmptyException when it stayed empty (Python's {@code queue.Empty})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public E get(boolean block, Duration timeout) throws InterruptedException {
        E item = getItem(nanos(block, timeout));
        if (item == null) {
            throw new QueueEmptyException();
        }
        return item;
    }

    /**
     * Python's {@code get_nowait()}.
     *
     * @return the next item
     * @throws QueueEmptyException when the queue is empty
     */
    public E getNowait() {
        E item = poll();
        if (item == null) {
            throw new QueueEmptyException();
        }
        return item;
    }

    /**
     * Marks one item got from this queue as processed (Python's {@code task_done()}).
     *
     * @throws IllegalStateException when none is unfinished ("task_done() called too many times")
     */
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

    /**
     * Blocks until every item put has been marked done (Python's {@code join()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
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

    /**
     * Python's {@code qsize()}.
     *
     * @return the number of items waiting
     */
    public int qsize() {
        lock.lock();
        try {
            return count();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Python's {@code full()}.
     *
     * @return true when the queue holds {@code maxsize} items
     */
    public boolean isFull() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    /**
     * The item limit.
     *
     * @return the limit, 0 for none
     */
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
