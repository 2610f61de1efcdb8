package dev.mp4j.shm;

import dev.mp4j.internal.shm.SharedSegment;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A raw named block of memory shared between processes: Python's
 * {@code multiprocessing.shared_memory.SharedMemory}. It is a file in {@code /dev/shm} (mode 0600)
 * mapped into every process that {@link #open opens} it by {@link #name() name}.
 *
 * <p>The creator owns it: {@link #close()} by the creator also unlinks the name (other processes
 * keep their mappings), and if the creator dies the name is removed anyway. {@link #unlink()} removes
 * the name from any process. Passing a {@code SharedMemory} to a child {@code Process} (as part of
 * its target) opens it there by name.
 *
 * <p>Contents have no memory ordering of their own: use the {@link MemorySegment} with VarHandles
 * (or a {@link dev.mp4j.sync.Lock}) for data that several processes write.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    private final transient SharedSegment segment;
    private volatile boolean closed;

    private SharedMemory(SharedSegment segment) {
        this.segment = segment;
    }

    /** Creates a zero-filled block of {@code size} bytes with a generated name. */
    public static SharedMemory create(long size) {
        return new SharedMemory(SharedSegment.create(size));
    }

    /**
     * Creates a zero-filled block named {@code name}.
     *
     * @throws IllegalArgumentException when the name is taken or invalid, or size is not positive
     */
    public static SharedMemory create(String name, long size) {
        return new SharedMemory(SharedSegment.create(name, size));
    }

    /** Opens a block another process (or this one) created. @throws IllegalStateException when none has that name */
    public static SharedMemory open(String name) {
        return new SharedMemory(SharedSegment.open(name));
    }

    public String name() {
        return segment.name();
    }

    /** Size in bytes. */
    public long size() {
        return segment.size();
    }

    /** The memory, valid until {@link #close()}. */
    public MemorySegment segment() {
        checkOpen();
        return segment.segment();
    }

    /** The memory as a {@link ByteBuffer} (Python's {@code buf}). */
    public ByteBuffer buffer() {
        return segment().asByteBuffer();
    }

    /** True for the instance that created the block. */
    public boolean isOwner() {
        return segment.isOwner();
    }

    /** Stops using the block in this process; the owner also unlinks its name. Idempotent. */
    @Override
    public void close() {
        closed = true;
        segment.close();
    }

    /** Removes the name so that nobody else can open it; existing mappings stay valid. Idempotent. */
    public void unlink() {
        segment.unlink();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("shared memory " + name() + " is closed in this process");
        }
    }

    @Override
    public String toString() {
        return "SharedMemory(" + name() + ", size=" + size() + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Handle(segment.name());
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String name;

        Handle(String name) {
            this.name = name;
        }

        @Serial
        private Object readResolve() {
            return SharedMemory.open(name);
        }
    }
}
