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

    /** A new unlocked lock. */
    public static Lock create() {
        return new Lock(SharedSegment.create(64), 0);
    }

    /** Blocks until acquired (interruptible). */
    public void acquire() throws InterruptedException {
        mutex.lock(Deadline.never());
    }

    /** Python's {@code acquire(blocking)}: false at once when held and not {@code blocking}. */
    public boolean acquire(boolean blocking) throws InterruptedException {
        return blocking ? mutex.lock(Deadline.never()) : mutex.tryLock();
    }

    /** Waits at most {@code timeout}; false when it elapsed. */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return mutex.lock(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /** Python's {@code acquire(blocking, timeout)}; a {@code null} timeout waits forever. */
    public boolean acquire(boolean blocking, Duration timeout) throws InterruptedException {
        if (!blocking && timeout != null) {
            throw new IllegalArgumentException("can't specify a timeout for a non-blocking call");
        }
        return blocking ? mutex.lock(Deadline.after(timeout)) : mutex.tryLock();
    }

    /** @throws IllegalMonitorStateException when the lock is not held */
    public void release() {
        if (!mutex.unlock()) {
            throw new IllegalMonitorStateException("release unlocked lock");
        }
    }

    /** Python's {@code locked()}. */
    public boolean isLocked() {
        return mutex.isLocked();
    }

    @Override
    public void lock() {
        mutex.lockUninterruptibly();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    @Override
    public boolean tryLock() {
        return mutex.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return mutex.lock(Deadline.afterNanos(unit.toNanos(time)));
    }

    @Override
    public void unlock() {
        release();
    }

    /** Not supported: use {@link Condition#create(Lock)}, which also works across processes. */
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
