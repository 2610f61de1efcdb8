package dev.mp4j.shm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates shared-memory blocks and lists and releases all of them at once when it shuts down:
 * Python's {@code multiprocessing.managers.SharedMemoryManager}.
 *
 * <pre>{@code
 * try (SharedMemoryManager smm = SharedMemoryManager.start()) {
 *     SharedMemory block = smm.sharedMemory(1024);
 *     ShareableList list = smm.shareableList(List.of(1, 2, 3));
 *     ... pass them to processes; close() here, or in them, does not unlink ...
 * }   // every block it created is unlinked
 * }</pre>
 *
 * <p>The manager owns what it creates: the objects it returns are attachments that do not unlink
 * their block when closed or garbage-collected, so a block lives exactly until
 * {@link #shutdown()} (or this JVM's exit, after which mp4j's resource tracker removes it). Unlike
 * Python's, the manager is not a server process: it tracks the blocks created through it in this
 * JVM, which is what its {@code shutdown()} releases in Python too. Thread-safe.
 */
public final class SharedMemoryManager implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<SharedMemory> owned = new ArrayList<>();
    private boolean shutdown;

    private SharedMemoryManager() {
    }

    /**
     * A running manager (Python's {@code SharedMemoryManager()} then {@code start()}).
     *
     * @return the manager, which the caller shuts down or closes
     */
    public static SharedMemoryManager start() {
        return new SharedMemoryManager();
    }

    /**
     * A zero-filled block of {@code size} bytes (Python's {@code smm.SharedMemory(size)}).
     *
     * @param size the size in bytes, positive
     * @return an attachment to the block, which lives until {@link #shutdown()}
     * @throws IllegalStateException when the manager was shut down
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public SharedMemory sharedMemory(long size) {
        checkRunning();
        return SharedMemory.open(track(SharedMemory.create(size)).name());
    }

    /**
     * A list holding {@code values} (Python's {@code smm.ShareableList(sequence)}).
     *
     * @param values the items, of the types {@link ShareableList} holds
     * @return an attachment to the list, which lives until {@link #shutdown()}
     * @throws IllegalStateException when the manager was shut down
     * @throws IllegalArgumentException when an item's type is not supported
     * @throws NullPointerException when {@code values} is null
     */
    public ShareableList shareableList(List<?> values) {
        Objects.requireNonNull(values, "values");
        checkRunning();
        ShareableList created = ShareableList.create(values);
        track(created.shm());
        return ShareableList.open(created.name());
    }

    private SharedMemory track(SharedMemory block) {
        lock.lock();
        try {
            if (shutdown) {
                block.close();
                throw closed();
            }
            owned.add(block);
            return block;
        } finally {
            lock.unlock();
        }
    }

    private void checkRunning() {
        lock.lock();
        try {
            if (shutdown) {
                throw closed();
            }
        } finally {
            lock.unlock();
        }
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("this SharedMemoryManager has been shut down");
    }

    /**
     * The names of the blocks alive through this manager (Python's private
     * {@code _list_tracked_segments()}).
     *
     * @return a snapshot, immutable; empty after shutdown
     */
    public List<String> segmentNames() {
        lock.lock();
        try {
            return owned.stream().map(SharedMemory::name).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Unlinks every block this manager created (Python's {@code shutdown()}). Idempotent. */
    public void shutdown() {
        List<SharedMemory> release;
        lock.lock();
        try {
            shutdown = true;
            release = new ArrayList<>(owned);
            owned.clear();
        } finally {
            lock.unlock();
        }
        release.forEach(SharedMemory::close);
    }

    /** {@link #shutdown()}: Python's {@code with} exit. */
    @Override
    public void close() {
        shutdown();
    }
}
