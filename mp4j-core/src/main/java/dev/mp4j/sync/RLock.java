package dev.mp4j.sync;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A reentrant lock shared by threads and processes: Python's {@code RLock}. The thread that
 * acquired it may acquire it again; it is released when released as many times. Only the owning
 * thread (of the owning process) may release it: anyone else gets
 * {@link IllegalMonitorStateException} ("cannot release un-acquired lock").
 *
 * <p>Layout in its segment: the {@link RobustMutex} word, then the owner's thread id and the hold
 * count, which only the owner reads and writes. A dead owner process is reported to the next
 * acquirer with {@link LockOwnerDiedException}, as for {@link Lock}.
 */
public final class RLock implements java.util.concurrent.locks.Lock, Serializable {
    private static final long OWNER_THREAD = 8;
    private static final long COUNT = 16;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;
    private final transient RobustMutex mutex;

    private RLock(SharedSegment segment) {
        this.segment = segment;
        this.memory = segment.segment();
        this.mutex = new RobustMutex(memory, 0).named("RLock " + segment.name());
    }

    /** A new unlocked reentrant lock. */
    public static RLock create() {
        return new RLock(SharedSegment.create(64));
    }

    /** True when the current thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByThisProcess()
                && Words.getLong(memory, OWNER_THREAD) == Thread.currentThread().threadId();
    }

    public void acquire() throws InterruptedException {
        acquire(Deadline.never(), true);
    }

    public boolean acquire(boolean blocking) throws InterruptedException {
        return acquire(blocking ? Deadline.never() : Deadline.afterNanos(0), blocking);
    }

    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(Deadline.after(Objects.requireNonNull(timeout, "timeout")), true);
    }

    /** Python's {@code acquire(blocking, timeout)}; a {@code null} timeout waits forever. */
    public boolean acquire(boolean blocking, Duration timeout) throws InterruptedException {
        if (!blocking && timeout != null) {
            throw new IllegalArgumentException("can't specify a timeout for a non-blocking call");
        }
        return acquire(Deadline.of(blocking, timeout), blocking);
    }

    private boolean acquire(Deadline deadline, boolean blocking) throws InterruptedException {
        if (isHeldByCurrentThread()) {
            Words.setInt(memory, COUNT, Words.getInt(memory, COUNT) + 1);
            return true;
        }
        boolean acquired = blocking ? mutex.lock(deadline) : mutex.tryLock();
        if (acquired) {
            Words.setLong(memory, OWNER_THREAD, Thread.currentThread().threadId());
            Words.setInt(memory, COUNT, 1);
        }
        return acquired;
    }

    /** @throws IllegalMonitorStateException when the current thread does not hold the lock */
    public void release() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot release un-acquired lock");
        }
        int count = Words.getInt(memory, COUNT) - 1;
        Words.setInt(memory, COUNT, count);
        if (count == 0) {
            Words.setLong(memory, OWNER_THREAD, 0);
            mutex.unlock();
        }
    }

    /** Releases every hold of the current thread, returning how many there were (for conditions). */
    int releaseAll() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot wait on un-acquired lock");
        }
        int count = Words.getInt(memory, COUNT);
        Words.setInt(memory, COUNT, 0);
        Words.setLong(memory, OWNER_THREAD, 0);
        mutex.unlock();
        return count;
    }

    /** Re-acquires {@code count} holds after {@link #releaseAll()}. */
    void reacquire(int count) {
        mutex.lockUninterruptibly();
        Words.setLong(memory, OWNER_THREAD, Thread.currentThread().threadId());
        Words.setInt(memory, COUNT, count);
    }

    /** How many times the current thread holds this lock (0 when it does not). */
    public int holdCount() {
        return isHeldByCurrentThread() ? Words.getInt(memory, COUNT) : 0;
    }

    @Override
    public void lock() {
        if (isHeldByCurrentThread()) {
            Words.setInt(memory, COUNT, Words.getInt(memory, COUNT) + 1);
            return;
        }
        reacquire(1);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    @Override
    public boolean tryLock() {
        try {
            return acquire(false);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking acquire does not wait", e);
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Deadline.afterNanos(unit.toNanos(time)), true);
    }

    @Override
    public void unlock() {
        release();
    }

    /** Not supported: use {@link Condition#create(RLock)}, which also works across processes. */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("use dev.mp4j.sync.Condition.create(rlock): it works across processes");
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return "<RLock " + segment.name() + (owner == 0 ? " unlocked>" : " locked by pid " + owner + ">");
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
        private final String segment;

        Handle(String segment) {
            this.segment = segment;
        }

        @Serial
        private Object readResolve() {
            return new RLock(SharedSegment.open(segment));
        }
    }
}
