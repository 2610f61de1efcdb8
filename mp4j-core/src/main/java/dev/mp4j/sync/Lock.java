package dev.mp4j.sync;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;
import dev.mp4j.internal.sync.SyncAccess;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A non-reentrant lock shared by threads and processes: Python's {@code threading.Lock} and
 * {@code multiprocessing.Lock}. It lives in a shared-memory segment, so it works the same between
 * threads of this JVM and between processes: pass it to a child {@code Process} as part of its
 * target and it re-attaches there.
 *
 * <p>Any thread or process may release a held lock (as in Python); releasing a lock that is not held
 * throws {@link IllegalMonitorStateException} ("release unlocked lock"). When a process dies while
 * holding the lock, the next acquirer that notices gets a {@link LockOwnerDiedException} and the lock
 * is freed, instead of everyone waiting forever.
 *
 * <p>Blocked acquirers sleep on a futex (no spinning beyond a few iterations). Memory effects: a
 * release happens-before every subsequent successful acquire, in any process.
 *
 * <p>The creating process owns the segment: keep the lock reachable there while other processes may
 * still attach to it.
 *
 * <p>Thread-safe and process-safe; {@link #toString()} names the holder's pid.
 */
public final class Lock implements java.util.concurrent.locks.Lock, Serializable {
    static {
        SyncAccess.registerLockFactory(Lock::new);
    }

    private final transient SharedSegment segment;
    private final transient long offset;
    private final transient RobustMutex mutex;

    private Lock(SharedSegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        this.mutex = new RobustMutex(segment.segment(), offset).named("Lock " + segment.name());
    }

    /**
     * A new unlocked lock (Python's {@code Lock()}).
     *
     * @return the lock
     */
    public static Lock create() {
        return new Lock(SharedSegment.create(64), 0);
    }

    /**
     * Python's {@code acquire()}: blocks until the lock is acquired. Interruptible, unlike
     * Python's.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    public void acquire() throws InterruptedException {
        mutex.lock(Deadline.never());
    }

    /**
     * Python's {@code acquire(blocking)}.
     *
     * @param blocking false to return at once when the lock is held
     * @return true when acquired; false when not blocking and the lock was held
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    public boolean acquire(boolean blocking) throws InterruptedException {
        return blocking ? mutex.lock(Deadline.never()) : mutex.tryLock();
    }

    /**
     * Python's {@code acquire(timeout=t)}: waits at most {@code timeout}.
     *
     * @param timeout how long to wait; zero tries once
     * @return true when acquired, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return mutex.lock(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * Python's {@code acquire(blocking, timeout)}; a {@code null} timeout waits forever.
     *
     * @param blocking false to return at once when the lock is held
     * @param timeout  how long to wait when blocking; null waits forever
     * @return true when acquired
     * @throws IllegalArgumentException when not blocking and a timeout is given, as Python's
     *         {@code threading.Lock} raises ValueError
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    public boolean acquire(boolean blocking, Duration timeout) throws InterruptedException {
        if (!blocking && timeout != null) {
            throw new IllegalArgumentException("can't specify a timeout for a non-blocking call");
        }
        return blocking ? mutex.lock(Deadline.after(timeout)) : mutex.tryLock();
    }

    /**
     * Python's {@code release()}: frees the lock, whoever holds it, and wakes one waiter.
     *
     * @throws IllegalMonitorStateException when the lock is not held (Python's RuntimeError
     *         "release unlocked lock")
     */
    public void release() {
        if (!mutex.unlock()) {
            throw new IllegalMonitorStateException("release unlocked lock");
        }
    }

    /**
     * Python's {@code locked()}, a moment ago.
     *
     * @return true when some thread or process holds the lock
     */
    public boolean isLocked() {
        return mutex.isLocked();
    }

    /**
     * Acquires the lock, ignoring interrupts ({@link java.util.concurrent.locks.Lock#lock()}).
     *
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public void lock() {
        mutex.lockUninterruptibly();
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
     * Acquires the lock if it is free now; Python's {@code acquire(False)}.
     *
     * @return true when acquired
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock;
     *         the lock is then free, not held by the caller
     */
    @Override
    public boolean tryLock() {
        return mutex.tryLock();
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
        return mutex.lock(Deadline.afterNanos(unit.toNanos(time)));
    }

    /**
     * As {@link #release()}.
     *
     * @throws IllegalMonitorStateException when the lock is not held
     */
    @Override
    public void unlock() {
        release();
    }

    /**
     * Not supported: use {@link Condition#create(Lock)}, which also works across processes.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("use dev.mp4j.sync.Condition.create(lock): it works across processes");
    }

    RobustMutex mutex() {
        return mutex;
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return "<Lock " + segment.name() + (owner == 0 ? " unlocked>" : " locked by pid " + owner + ">");
    }

    /**
     * Replaces the object with a handle naming its shared segment, which re-attaches to the same
     * object when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    private Object writeReplace() {
        return new Handle(segment.name(), offset);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;
        private final long offset;

        Handle(String segment, long offset) {
            this.segment = segment;
            this.offset = offset;
        }

        @Serial
        private Object readResolve() {
            return new Lock(SharedSegment.open(segment), offset);
        }
    }
}
