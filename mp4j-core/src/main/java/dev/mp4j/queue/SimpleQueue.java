package dev.mp4j.queue;

import dev.mp4j.internal.queue.ItemCodec;
import dev.mp4j.internal.queue.SharedRing;
import dev.mp4j.internal.sync.Deadline;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * The minimal shared queue: Python's {@code multiprocessing.SimpleQueue}, with {@link #put},
 * {@link #get}, {@link #isEmpty} and {@link #close} only. Same storage and guarantees as
 * {@link Queue}: items are codec-encoded copies in a shared ring buffer; nulls are refused.
 * Thread-safe and process-safe; passed to another process, it re-attaches there.
 *
 * @param <E> the type of the items, serializable
 */
public final class SimpleQueue<E> implements AutoCloseable, Serializable {
    private final transient SharedRing ring;
    private transient volatile boolean closed;

    private SimpleQueue(SharedRing ring) {
        this.ring = ring;
    }

    /**
     * A simple queue (Python's {@code SimpleQueue()}), with a 1 MiB buffer.
     *
     * @param <E> the type of the items
     * @return the queue
     */
    public static <E> SimpleQueue<E> create() {
        return new SimpleQueue<>(SharedRing.create(0, Queue.DEFAULT_BUFFER_BYTES));
    }

    /**
     * Python's {@code put(item)}: blocks while the buffer is full.
     *
     * @param item the item, copied into the queue
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when this instance was closed
     * @throws IllegalArgumentException when the encoded item is larger than
     *         {@code -Dmp4j.maxFrameBytes}
     * @throws dev.mp4j.SerializationException when the item cannot be serialized
     * @throws NullPointerException when {@code item} is null
     */
    public void put(E item) throws InterruptedException {
        Objects.requireNonNull(item, "a queue holds no null items: put a sentinel object where Python puts None");
        checkOpen();
        ItemCodec.put(ring, item, false, Deadline.never());
    }

    /**
     * Python's {@code get()}: blocks until an item arrives, and removes it.
     *
     * @return the item, a copy of what was put
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when this instance was closed
     * @throws dev.mp4j.SerializationException when the item cannot be deserialized here
     */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        checkOpen();
        return (E) ItemCodec.take(ring, Deadline.never());
    }

    /**
     * Python's {@code empty()}, a moment ago.
     *
     * @return true when no item waits
     */
    public boolean isEmpty() {
        return ring.size() == 0;
    }

    /**
     * Python's {@code close()}: this instance accepts no more puts or gets; other instances carry
     * on. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SimpleQueue " + ring.name() + " is closed");
        }
    }

    /**
     * Replaces the queue with a handle naming its shared segment, which re-attaches to the same
     * queue when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    private Object writeReplace() {
        return new Handle(ring.name());
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String ring;

        Handle(String ring) {
            this.ring = ring;
        }

        @Serial
        private Object readResolve() {
            return new SimpleQueue<>(SharedRing.open(ring));
        }
    }
}
