package dev.mp4j.queue;

import dev.mp4j.internal.queue.ItemCodec;
import dev.mp4j.internal.queue.SharedRing;
import dev.mp4j.internal.sync.Deadline;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A FIFO queue shared by threads and processes: Python's {@code multiprocessing.Queue} (and
 * {@code queue.Queue} for threads), and a {@link BlockingQueue}.
 *
 * <pre>{@code
 * Queue<String> q = Queue.create();
 * Process p = Process.of(() -> q.put("hello"));   // the queue re-attaches in the child
 * p.start();
 * System.out.println(q.get());
 * }</pre>
 *
 * <p>Items are encoded with mp4j's codec into a ring buffer in shared memory, so they are copies:
 * what a consumer gets is equal to, not the same object as, what was put (also between threads).
 * {@code maxsize} limits the number of items (0: no limit); the buffer's byte size (default 1 MiB)
 * also bounds how much may wait in the queue, so a put into an "unbounded" queue blocks when the
 * buffer is full, where Python's would keep buffering in a feeder thread. An item of any size is
 * accepted, as Python's queue takes any picklable object: one that does not fit the buffer (or
 * would fill more than a quarter of it, from 64 KiB) travels out of line, in a {@code /dev/shm}
 * file of its own (a {@code byte[]} as it is, without encoding), and keeps its place in the queue;
 * the consumer keeps up to two such files of at most 16 MiB for the next large items to reuse,
 * and the queue's creator removes them with the queue. The limits are
 * memory and {@code -Dmp4j.maxFrameBytes} (256 MiB by default, over which a put is refused with an
 * {@link IllegalArgumentException}). Nulls are refused, as in every {@code BlockingQueue}: use a
 * sentinel object where Python puts {@code None}.
 *
 * <p>Python's {@code put(item, block, timeout)} and {@code get(block, timeout)} throw
 * {@link QueueFullException} / {@link QueueEmptyException}; the {@code BlockingQueue} methods
 * return false or null instead. {@link #close()} ends this instance's use of the queue (Python's
 * {@code close}): later puts and gets through it throw {@link IllegalStateException}; other
 * instances, in other processes, carry on. {@code iterator()} and the methods built on it are not
 * supported: a queue shared between processes has no stable contents to walk.
 *
 * <p>Thread-safe and process-safe, with many producers and many consumers. A put happens-before
 * the get that returns its item. The creating process owns the shared segment: keep the queue
 * reachable there while other processes use it.
 *
 * <p>Passed to another process (captured by a task, sent through a pipe, put on another queue),
 * a queue travels as the name of its shared segment and re-attaches there.
 *
 * @param <E> the type of the items, serializable
 */
public sealed class Queue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable, Serializable
        permits JoinableQueue {
    /** Default size of the shared buffer that holds waiting items. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    final transient SharedRing ring;
    private transient volatile boolean closed;

    Queue(SharedRing ring) {
        this.ring = ring;
    }

    /**
     * An unbounded queue (Python's {@code multiprocessing.Queue()}) with the default 1 MiB buffer.
     *
     * @param <E> the type of the items
     * @return the queue
     */
    public static <E> Queue<E> create() {
        return create(0);
    }

    /**
     * A queue of at most {@code maxsize} items (Python's {@code Queue(maxsize)}) with the default
     * 1 MiB buffer.
     *
     * @param <E>     the type of the items
     * @param maxsize the item limit; 0 or less: no limit
     * @return the queue
     */
    public static <E> Queue<E> create(int maxsize) {
        return create(maxsize, DEFAULT_BUFFER_BYTES);
    }

    /**
     * A queue of at most {@code maxsize} items whose shared buffer holds {@code bufferBytes} of
     * encoded items (mp4j's own: Python's queue has an unbounded feeder-thread buffer instead).
     *
     * @param <E>         the type of the items
     * @param maxsize     the item limit; 0 or less: no limit
     * @param bufferBytes the shared buffer's size, at least 64; larger items travel out of line
     * @return the queue
     * @throws IllegalArgumentException when {@code bufferBytes} is below 64
     */
    public static <E> Queue<E> create(int maxsize, int bufferBytes) {
        return new Queue<>(SharedRing.create(maxsize, bufferBytes));
    }

    // ---- Python's API

    /**
     * Python's {@code put(item)}: blocks while the queue is full (while it holds {@code maxsize}
     * items, or its buffer has no room).
     *
     * @param item the item, copied into the queue
     * @throws InterruptedException when the calling thread is interrupted while waiting; the item
     *         was not put
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws IllegalArgumentException when the encoded item is larger than
     *         {@code -Dmp4j.maxFrameBytes}
     * @throws dev.mp4j.SerializationException when the item cannot be serialized
     * @throws NullPointerException when {@code item} is null
     */
    @Override
    public void put(E item) throws InterruptedException {
        putItem(item, Deadline.never());
    }

    /**
     * Python's {@code put(item, block, timeout)}; a {@code null} timeout waits forever.
     *
     * @param item    the item, copied into the queue
     * @param block   false to fail at once when full (the timeout is then ignored)
     * @param timeout how long to wait for room; null waits forever
     * @throws QueueFullException when the queue stayed full (Python's {@code queue.Full})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws IllegalArgumentException when the encoded item is larger than
     *         {@code -Dmp4j.maxFrameBytes}
     * @throws dev.mp4j.SerializationException when the item cannot be serialized
     * @throws NullPointerException when {@code item} is null
     */
    public void put(E item, boolean block, Duration timeout) throws InterruptedException {
        if (!putItem(item, Deadline.of(block, timeout))) {
            throw new QueueFullException();
        }
    }

    /**
     * Python's {@code put_nowait(item)}: {@code put(item, false, null)}.
     *
     * @param item the item, copied into the queue
     * @throws QueueFullException when the queue is full
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws IllegalArgumentException when the encoded item is larger than
     *         {@code -Dmp4j.maxFrameBytes}
     * @throws dev.mp4j.SerializationException when the item cannot be serialized
     * @throws NullPointerException when {@code item} is null
     */
    public void putNowait(E item) {
        try {
            put(item, false, null);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking put does not wait", e);
        }
    }

    /**
     * Python's {@code get()}: blocks until an item arrives, and removes it.
     *
     * @return the item, a copy of what was put
     * @throws InterruptedException when the calling thread is interrupted while waiting; no item
     *         was removed
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws dev.mp4j.SerializationException when the item cannot be deserialized here (a class
     *         missing from this JVM or refused by {@link dev.mp4j.Serialization}); it is consumed
     */
    public E get() throws InterruptedException {
        return getItem(Deadline.never());
    }

    /**
     * Python's {@code get(block, timeout)}; a {@code null} timeout waits forever.
     *
     * @param block   false to fail at once when empty (the timeout is then ignored)
     * @param timeout how long to wait for an item; null waits forever
     * @return the item, a copy of what was put
     * @throws QueueEmptyException when the queue stayed empty (Python's {@code queue.Empty})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws dev.mp4j.SerializationException when the item cannot be deserialized here (a class
     *         missing from this JVM or refused by {@link dev.mp4j.Serialization}); it is consumed
     */
    public E get(boolean block, Duration timeout) throws InterruptedException {
        E item = getItem(Deadline.of(block, timeout));
        if (item == null) {
            throw new QueueEmptyException();
        }
        return item;
    }

    /**
     * Python's {@code get_nowait()}: {@code get(false, null)}.
     *
     * @return the item, a copy of what was put
     * @throws QueueEmptyException when the queue is empty
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     * @throws dev.mp4j.SerializationException when the item cannot be deserialized here (a class
     *         missing from this JVM or refused by {@link dev.mp4j.Serialization}); it is consumed
     */
    public E getNowait() {
        try {
            return get(false, null);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking get does not wait", e);
        }
    }

    /**
     * Python's {@code qsize()}: the number of items, a moment ago (other processes may have put
     * or got since).
     *
     * @return the number of items waiting
     */
    public int qsize() {
        return ring.size();
    }

    /**
     * Python's {@code full()}, a moment ago.
     *
     * @return true when the queue holds {@code maxsize} items
     */
    public boolean isFull() {
        return ring.isFull();
    }

    /**
     * The item limit (Python's {@code _maxsize}).
     *
     * @return the limit, 0 for none
     */
    public int maxsize() {
        return ring.maxsize();
    }

    /**
     * Python's {@code close()}: this instance accepts no more puts or gets; the queue itself and
     * its items stay for the other instances. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Whether this instance was closed (mp4j's own).
     *
     * @return true after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    boolean putItem(E item, Deadline deadline) throws InterruptedException {
        Objects.requireNonNull(item, "a queue holds no null items: put a sentinel object where Python puts None");
        checkOpen();
        return ItemCodec.put(ring, item, this instanceof JoinableQueue, deadline);
    }

    @SuppressWarnings("unchecked")
    E getItem(Deadline deadline) throws InterruptedException {
        checkOpen();
        return (E) ItemCodec.take(ring, deadline);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Queue " + ring.name() + " is closed");
        }
    }

    // ---- BlockingQueue

    @Override
    public boolean offer(E item) {
        try {
            return putItem(item, Deadline.afterNanos(0));
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking put does not wait", e);
        }
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return putItem(item, Deadline.afterNanos(unit.toNanos(timeout)));
    }

    @Override
    public E take() throws InterruptedException {
        return get();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return getItem(Deadline.afterNanos(unit.toNanos(timeout)));
    }

    @Override
    public E poll() {
        try {
            return getItem(Deadline.afterNanos(0));
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking get does not wait", e);
        }
    }

    /**
     * The next item without removing it; a copy, decoded for this call. Another process may get
     * it at any moment.
     *
     * @return the item, or null when the queue is empty
     * @throws IllegalStateException when this instance was {@linkplain #close() closed}
     */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        checkOpen();
        return (E) ItemCodec.peek(ring);
    }

    @Override
    public int size() {
        return qsize();
    }

    @Override
    public boolean isEmpty() {
        return qsize() == 0;
    }

    @Override
    public int remainingCapacity() {
        int maxsize = ring.maxsize();
        return maxsize <= 0 ? Integer.MAX_VALUE : Math.max(0, maxsize - qsize());
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

    /** Not supported: the contents of a queue shared between processes cannot be walked. */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a queue shared between processes cannot be iterated: use get/poll");
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + ring.name() + " qsize=" + qsize()
                + (maxsize() > 0 ? " maxsize=" + maxsize() : "") + ">";
    }

    /**
     * Replaces the queue with a handle naming its shared segment, which re-attaches to the same
     * queue when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    final Object writeReplace() {
        return new Handle(ring.name(), this instanceof JoinableQueue);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String ring;
        private final boolean joinable;

        Handle(String ring, boolean joinable) {
            this.ring = ring;
            this.joinable = joinable;
        }

        @Serial
        private Object readResolve() {
            SharedRing opened = SharedRing.open(ring);
            return joinable ? new JoinableQueue<>(opened) : new Queue<>(opened);
        }
    }
}
