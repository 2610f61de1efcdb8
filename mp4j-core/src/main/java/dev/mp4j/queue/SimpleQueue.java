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
 */
public final class SimpleQueue<E> implements AutoCloseable, Serializable {
    private final transient SharedRing ring;
    private transient volatile boolean closed;

    private SimpleQueue(SharedRing ring) {
        this.ring = ring;
    }

    public static <E> SimpleQueue<E> create() {
        return new SimpleQueue<>(SharedRing.create(0, Queue.DEFAULT_BUFFER_BYTES));
    }

    /** Blocks while the buffer is full. */
    public void put(E item) throws InterruptedException {
        Objects.requireNonNull(item, "a queue holds no null items: put a sentinel object where Python puts None");
        checkOpen();
        ItemCodec.put(ring, item, false, Deadline.never());
    }

    /** Blocks until an item arrives. */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        checkOpen();
        return (E) ItemCodec.take(ring, Deadline.never());
    }

    public boolean isEmpty() {
        return ring.size() == 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SimpleQueue " + ring.name() + " is closed");
        }
    }

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
