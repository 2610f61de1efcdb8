package dev.mp4j.internal.queue;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;
import dev.mp4j.sync.LockOwnerDiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A bounded multi-producer multi-consumer FIFO of byte records in one shared segment: the body of
 * every cross-process queue.
 *
 * <p>Layout: a 256-byte header, then a ring of {@code capacity} bytes holding records
 * {@code [int length][bytes]}, wrapping at the end. The header holds the {@link RobustMutex} that
 * guards every field, the byte positions {@code head} (next read) and {@code tail} (next write),
 * which only grow, the item count, {@code maxsize} (0 for no item limit), the unfinished-task count
 * of joinable queues, and three futex sequence words with their sleeper counts: not-empty,
 * not-full and all-tasks-done.
 *
 * <p>All fields are written under the mutex, with plain stores that its release publishes (the
 * count is also read without the mutex, as a hint or for {@code qsize}). A
 * thread that must wait registers as a sleeper under the mutex, notes the sequence word, releases
 * the mutex and sleeps on it; whoever changes the state bumps the sequence under the mutex and
 * wakes (after releasing) only if the sleeper count is positive, so the uncontended hot path
 * makes no system call. A consumer spins briefly before sleeping, as producers usually follow soon.
 *
 * <p>If a process dies holding the mutex, the next user logs a warning and carries on: positions
 * are published after the bytes they cover, so the ring stays readable.
 */
public final class SharedRing {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRing.class);
    private static final long MUTEX = 0;
    private static final long HEAD = 64;
    private static final long TAIL = 72;
    private static final long COUNT = 80;
    private static final long MAXSIZE = 84;
    private static final long CAPACITY = 88;
    private static final long UNFINISHED = 92;
    private static final long NOT_EMPTY = 128;
    private static final long EMPTY_SLEEPERS = 132;
    private static final long NOT_FULL = 136;
    private static final long FULL_SLEEPERS = 140;
    private static final long ALL_DONE = 144;
    private static final long DONE_SLEEPERS = 148;
    private static final long DATA = 256;
    private static final int SPINS = 200;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final SharedSegment shared;
    private final MemorySegment memory;
    private final RobustMutex mutex;
    private final long capacity;

    private SharedRing(SharedSegment shared) {
        this.shared = shared;
        this.memory = shared.segment();
        this.mutex = new RobustMutex(memory, MUTEX);
        this.capacity = Words.getInt(memory, CAPACITY);
    }

    public static SharedRing create(int maxsize, int capacityBytes) {
        if (capacityBytes < 64) {
            throw new IllegalArgumentException("queue buffer must be at least 64 bytes, not " + capacityBytes);
        }
        SharedSegment shared = SharedSegment.create(DATA + capacityBytes);
        Words.setInt(shared.segment(), MAXSIZE, Math.max(0, maxsize));
        Words.setInt(shared.segment(), CAPACITY, capacityBytes);
        return new SharedRing(shared);
    }

    public static SharedRing open(String name) {
        return new SharedRing(SharedSegment.open(name));
    }

    public String name() {
        return shared.name();
    }

    public int maxsize() {
        return Words.getInt(memory, MAXSIZE);
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Appends {@code record} (whose first 4 bytes are reserved for the length) before the deadline.
     *
     * @param task whether to count an unfinished task (joinable queues)
     * @return false when the deadline expired with the queue full
     */
    public boolean put(byte[] record, int length, boolean task, Deadline deadline) throws InterruptedException {
        if (length > capacity) {
            throw new IllegalArgumentException("an item of " + (length - 4) + " encoded bytes does not fit the queue's "
                    + capacity + "-byte buffer: create the queue with a larger buffer");
        }
        putLength(record, length - 4);
        lock();
        boolean wake;
        try {
            while (!hasRoom(length)) {
                if (deadline.expired()) {
                    return false;
                }
                sleep(NOT_FULL, FULL_SLEEPERS, deadline);
            }
            long tail = Words.getLongPlain(memory, TAIL);
            write(tail, record, length);
            Words.setLongPlain(memory, TAIL, tail + length);
            Words.setIntPlain(memory, COUNT, Words.getIntPlain(memory, COUNT) + 1);
            if (task) {
                Words.setIntPlain(memory, UNFINISHED, Words.getIntPlain(memory, UNFINISHED) + 1);
            }
            wake = bump(NOT_EMPTY, EMPTY_SLEEPERS);
        } finally {
            mutex.unlock();
        }
        if (wake) {
            Futex.wake(memory, NOT_EMPTY, 1);
        }
        return true;
    }

    private boolean hasRoom(int length) {
        int maxsize = Words.getIntPlain(memory, MAXSIZE);
        if (maxsize > 0 && Words.getIntPlain(memory, COUNT) >= maxsize) {
            return false;
        }
        long used = Words.getLongPlain(memory, TAIL) - Words.getLongPlain(memory, HEAD);
        return capacity - used >= length;
    }

    /** Removes the oldest record before the deadline; null when it expired with the queue empty. */
    public byte[] take(Deadline deadline) throws InterruptedException {
        return take(deadline, true);
    }

    /** The oldest record without removing it, or null when empty. */
    public byte[] peek() throws InterruptedException {
        return take(Deadline.afterNanos(0), false);
    }

    private byte[] take(Deadline deadline, boolean remove) throws InterruptedException {
        if (Words.getInt(memory, COUNT) == 0 && !deadline.expired()) {
            for (int i = 0; i < SPINS && Words.getInt(memory, COUNT) == 0; i++) {
                Thread.onSpinWait();
            }
        }
        lock();
        byte[] item;
        boolean wake;
        try {
            while (Words.getIntPlain(memory, COUNT) == 0) {
                if (deadline.expired()) {
                    return null;
                }
                sleep(NOT_EMPTY, EMPTY_SLEEPERS, deadline);
            }
            long head = Words.getLongPlain(memory, HEAD);
            int length = readInt(head);
            item = new byte[length];
            read(head + 4, item, length);
            if (!remove) {
                return item;
            }
            Words.setLongPlain(memory, HEAD, head + 4 + length);
            Words.setIntPlain(memory, COUNT, Words.getIntPlain(memory, COUNT) - 1);
            wake = bump(NOT_FULL, FULL_SLEEPERS);
        } finally {
            mutex.unlock();
        }
        if (wake) {
            Futex.wake(memory, NOT_FULL, 1);
        }
        return item;
    }

    /** Marks one task done (joinable queues). @throws IllegalStateException when none is unfinished */
    public void taskDone() throws InterruptedException {
        lock();
        boolean wake;
        try {
            int unfinished = Words.getIntPlain(memory, UNFINISHED);
            if (unfinished <= 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            Words.setInt(memory, UNFINISHED, unfinished - 1);
            wake = unfinished == 1 && bump(ALL_DONE, DONE_SLEEPERS);
        } finally {
            mutex.unlock();
        }
        if (wake) {
            Futex.wake(memory, ALL_DONE, Integer.MAX_VALUE);
        }
    }

    /** Waits until every task put has been marked done; false when the deadline expired first. */
    public boolean join(Deadline deadline) throws InterruptedException {
        lock();
        try {
            while (Words.getIntPlain(memory, UNFINISHED) > 0) {
                if (deadline.expired()) {
                    return false;
                }
                sleep(ALL_DONE, DONE_SLEEPERS, deadline);
            }
            return true;
        } finally {
            mutex.unlock();
        }
    }

    public int size() {
        return Words.getInt(memory, COUNT);
    }

    public int unfinishedTasks() {
        return Words.getInt(memory, UNFINISHED);
    }

    public boolean isFull() {
        int maxsize = Words.getInt(memory, MAXSIZE);
        return maxsize > 0 && size() >= maxsize;
    }

    private void lock() throws InterruptedException {
        while (true) {
            try {
                mutex.lock(Deadline.never());
                return;
            } catch (LockOwnerDiedException e) {
                LOG.warn("queue {}: process {} died while using it; an item it was putting or getting at that"
                        + " moment may be lost", shared.name(), e.deadPid());
            }
        }
    }

    /** Under the mutex: registers as a sleeper, releases, sleeps one slice, re-acquires. */
    private void sleep(long sequence, long sleepers, Deadline deadline) throws InterruptedException {
        int seen = Words.getIntPlain(memory, sequence);
        Words.setInt(memory, sleepers, Words.getIntPlain(memory, sleepers) + 1);
        mutex.unlock();
        try {
            Futex.wait(memory, sequence, seen, deadline.sliceNanos());
        } finally {
            lockAfterSleep();
            Words.setInt(memory, sleepers, Words.getIntPlain(memory, sleepers) - 1);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void lockAfterSleep() {
        while (true) {
            try {
                mutex.lockUninterruptibly();
                return;
            } catch (LockOwnerDiedException e) {
                LOG.warn("queue {}: process {} died while using it", shared.name(), e.deadPid());
            }
        }
    }

    /** Under the mutex: advances a sequence word; true when someone sleeps on it. */
    private boolean bump(long sequence, long sleepers) {
        Words.setIntPlain(memory, sequence, Words.getIntPlain(memory, sequence) + 1);
        return Words.getIntPlain(memory, sleepers) > 0;
    }

    private static void putLength(byte[] record, int length) {
        record[0] = (byte) (length >>> 24);
        record[1] = (byte) (length >>> 16);
        record[2] = (byte) (length >>> 8);
        record[3] = (byte) length;
    }

    private void write(long position, byte[] bytes, int length) {
        long at = position % capacity;
        int first = (int) Math.min(length, capacity - at);
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, DATA + at, first);
        if (first < length) {
            MemorySegment.copy(bytes, first, memory, ValueLayout.JAVA_BYTE, DATA, length - first);
        }
    }

    private void read(long position, byte[] into, int length) {
        long at = position % capacity;
        int first = (int) Math.min(length, capacity - at);
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, DATA + at, into, 0, first);
        if (first < length) {
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, DATA, into, first, length - first);
        }
    }

    private int readInt(long position) {
        long at = position % capacity;
        if (at + 4 <= capacity) {
            return memory.get(BIG_ENDIAN_INT, DATA + at);
        }
        byte[] four = new byte[4];
        read(position, four, 4);
        return ((four[0] & 0xff) << 24) | ((four[1] & 0xff) << 16) | ((four[2] & 0xff) << 8) | (four[3] & 0xff);
    }
}
