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
 * (or a {@link dev.mp4j.sync.Lock}) for data that several processes write. The methods of this
 * class are thread-safe.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    private final transient SharedSegment segment;
    /** Set by {@link #close()}; a copy sent to another process is open there. */
    private volatile boolean closed;

    private SharedMemory(SharedSegment segment) {
        this.segment = segment;
    }

    /**
     * Creates a zero-filled block of {@code size} bytes with a generated name (Python's
     * {@code SharedMemory(create=True, size=size)}).
     *
     * @param size the size in bytes, positive
     * @return the block, owned by the caller
     * @throws IllegalArgumentException when {@code size} is not positive
     * @throws java.io.UncheckedIOException when {@code /dev/shm} cannot be written, or has less free
     *         space than a block of 1 MiB or more (which would fault on the first write past it)
     */
    public static SharedMemory create(long size) {
        return new SharedMemory(SharedSegment.create(size));
    }

    /**
     * Creates a zero-filled block named {@code name} (Python's
     * {@code SharedMemory(name, create=True, size=size)}).
     *
     * @param name the name other processes open it by: letters, digits, {@code _ . -}
     * @param size the size in bytes, positive
     * @return the block, owned by the caller
     * @throws IllegalArgumentException when the name is taken or invalid, or size is not positive
     *         (Python raises FileExistsError for a taken name)
     * @throws java.io.UncheckedIOException when {@code /dev/shm} cannot be written, or has less free
     *         space than a block of 1 MiB or more (which would fault on the first write past it)
     */
    public static SharedMemory create(String name, long size) {
        return new SharedMemory(SharedSegment.create(name, size));
    }

    /**
     * Opens a block another process (or this one) created (Python's {@code SharedMemory(name)}).
     *
     * @param name the block's name
     * @return an attachment, which does not unlink the block when closed
     * @throws IllegalStateException when no block has that name (Python's FileNotFoundError)
     * @throws IllegalArgumentException when the name is invalid
     */
    public static SharedMemory open(String name) {
        return new SharedMemory(SharedSegment.open(name));
    }

    /**
     * Python's {@code name}.
     *
     * @return the name to {@link #open} the block by
     */
    public String name() {
        return segment.name();
    }

    /**
     * Python's {@code size}.
     *
     * @return the size in bytes
     */
    public long size() {
        return segment.size();
    }

    /**
     * The memory, valid until {@link #close()}; accessing it afterwards throws
     * {@link IllegalStateException}.
     *
     * @return the mapped segment, shared by every thread
     * @throws IllegalStateException when this instance is closed
     */
    public MemorySegment segment() {
        checkOpen();
        return segment.segment();
    }

    /**
     * The memory as a {@link ByteBuffer} (Python's {@code buf}).
     *
     * @return a new buffer over the whole block, position 0, big-endian as every new buffer
     * @throws IllegalStateException when this instance is closed
     */
    public ByteBuffer buffer() {
        return segment().asByteBuffer();
    }

    /**
     * Whether this instance created the block, and so unlinks it on {@link #close()}.
     *
     * @return true for the creator's instance
     */
    public boolean isOwner() {
        return segment.isOwner();
    }

    /**
     * Stops using the block in this process (Python's {@code close()}); the owner also unlinks its
     * name, unlike Python, where the creator must call {@code unlink()}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        segment.close();
    }

    /**
     * Removes the name so that nobody else can open it; existing mappings stay valid (Python's
     * {@code unlink()}). Idempotent.
     *
     * @throws java.io.UncheckedIOException when the file exists and cannot be removed
     */
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

    /**
     * Replaces the object with a handle naming its shared segment, which opens the same memory
     * when deserialized in another process.
     *
     * @return the handle
     */
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
