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
 *
 * <p>Thread-safe and process-safe; a release happens-before every subsequent successful acquire
 * by another thread, in any process. Passed to a child process, it re-attaches there.
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

    /**
     * A new unlocked reentrant lock (Python's {@code RLock()}).
     *
     * @return the lock
     */
    public static RLock create() {
        return new RLock(SharedSegment.create(64));
    }

    /**
     * Whether the current thread holds this lock (Python's private {@code _is_owned()}).
     *
     * @return true when held by this thread of this process
     */
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByThisProcess()
                && Words.getLong(memory, OWNER_THREAD) == Thread.currentThread().threadId();
    }

    /**
     * Python's {@code acquire()}: blocks until acquired, or adds a hold when the current thread
     * holds it already.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    public void acquire() throws InterruptedException {
        acquire(Deadline.never(), true);
    }

    /**
     * Python's {@code acquire(blocking)}.
     *
     * @param blocking false to return at once when another thread holds the lock
     * @return true when acquired (or held again)
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    public boolean acquire(boolean blocking) throws InterruptedException {
        return acquire(blocking ? Deadline.never() : Deadline.afterNanos(0), blocking);
    }

    /**
     * Python's {@code acquire(timeout=t)}.
     *
     * @param timeout how long to wait
     * @return true when acquired, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(Deadline.after(Objects.requireNonNull(timeout, "timeout")), true);
    }

    /**
     * Python's {@code acquire(blocking, timeout)}; a {@code null} timeout waits forever.
     *
     * @param blocking false to return at once when another thread holds the lock
     * @param timeout  how long to wait when blocking; null waits forever
     * @return true when acquired
     * @throws IllegalArgumentException when not blocking and a timeout is given
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
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

    /**
     * Python's {@code release()}: removes one hold; the last frees the lock.
     *
     * @throws IllegalMonitorStateException when the current thread does not hold the lock
     *         (Python's RuntimeError "cannot release un-acquired lock")
     */
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

    /**
     * How many times the current thread holds this lock (as
     * {@link java.util.concurrent.locks.ReentrantLock#getHoldCount()}).
     *
     * @return the number of holds, 0 when it does not hold it
     */
    public int holdCount() {
        return isHeldByCurrentThread() ? Words.getInt(memory, COUNT) : 0;
    }

    /**
     * Acquires the lock, ignoring interrupts.
     *
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public void lock() {
        if (isHeldByCurrentThread()) {
            Words.setInt(memory, COUNT, Words.getInt(memory, COUNT) + 1);
            return;
        }
        reacquire(1);
    }

    /**
     * As {@link #acquire()}.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    /**
     * Acquires the lock if it is free now or held by the current thread.
     *
     * @return true when acquired
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public boolean tryLock() {
        try {
            return acquire(false);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking acquire does not wait", e);
        }
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param time how long to wait, in {@code unit}
     * @param unit the time's unit
     * @return true when acquired, false when the time elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Deadline.afterNanos(unit.toNanos(time)), true);
    }

    /**
     * As {@link #release()}.
     *
     * @throws IllegalMonitorStateException when the current thread does not hold the lock
     */
    @Override
    public void unlock() {
        release();
    }

    /**
     * Not supported: use {@link Condition#create(RLock)}, which also works across processes.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("use dev.mp4j.sync.Condition.create(rlock): it works across processes");
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return "<RLock " + segment.name() + (owner == 0 ? " unlocked>" : " locked by pid " + owner + ">");
    }

    /**
     * Replaces the object with a handle naming its shared segment, which re-attaches to the same
     * object when deserialized in another process.
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
