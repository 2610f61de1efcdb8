package dev.mp4j.sync;

import dev.mp4j.internal.runtime.ProcessStamp;
import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by threads and processes: Python's {@code Condition}, over a
 * {@link Lock} or (by default) an {@link RLock}. Python's {@code wait}, {@code notify} and
 * {@code notify_all} are {@link #await}, {@link #signal} and {@link #signalAll} here, because
 * {@link Object} owns the Python names.
 *
 * <p>Layout: a ticket counter and {@value #SLOTS} waiter slots {@code (state, ticket, process stamp)}, all
 * changed only by holders of the lock. A waiter takes a free slot (state 1), releases the lock and
 * sleeps on its slot's state word; {@code signal(n)} marks the {@code n} oldest live waiters notified
 * (state 2) and wakes each one, exactly as Python notifies waiters in order. A waiter that times
 * out frees its slot after re-acquiring the lock, so a later signal is never spent on it; slots of
 * dead processes are skipped and reused (a process is named by pid and start time, so a recycled
 * pid does not keep a dead waiter's slot alive).
 *
 * <p>When a process dies holding the lock while a thread waits here, that thread's {@code await}
 * re-acquires the freed lock and throws {@link LockOwnerDiedException} with the lock held (unlike
 * {@code acquire}, which leaves the freed lock free), so that the caller's {@code finally}
 * releases it as usual.
 *
 * <p>Calling {@code await} or {@code signal} without holding the lock throws
 * {@link IllegalMonitorStateException} with Python's messages. With a plain {@link Lock}, "holding"
 * can only mean "the lock is locked", as in Python.
 *
 * <p>Thread-safe and process-safe; at most {@value #SLOTS} threads may wait at once. Passed to a
 * child process (with its lock), it re-attaches there.
 */
public final class Condition implements Serializable {
    static final int SLOTS = 64;
    private static final long TICKET = 0;
    private static final long FIRST_SLOT = 64;
    private static final long SLOT_SIZE = 16;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;
    /** The underlying plain lock, or null when it is {@link #rlock}. */
    private final Lock lock;
    /** The underlying reentrant lock, or null when it is {@link #lock}. */
    private final RLock rlock;

    private Condition(SharedSegment segment, Lock lock, RLock rlock) {
        this.segment = segment;
        this.memory = segment.segment();
        this.lock = lock;
        this.rlock = rlock;
    }

    private static SharedSegment newSegment() {
        return SharedSegment.create(FIRST_SLOT + SLOTS * SLOT_SIZE);
    }

    /**
     * A condition over a new {@link RLock} (Python's {@code Condition()}).
     *
     * @return the condition
     */
    public static Condition create() {
        return create(RLock.create());
    }

    /**
     * A condition over {@code lock} (Python's {@code Condition(lock)}).
     *
     * @param lock the reentrant lock waiters release while they wait
     * @return the condition
     * @throws NullPointerException when {@code lock} is null
     */
    public static Condition create(RLock lock) {
        return new Condition(newSegment(), null, Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A condition over a plain {@code lock} (Python's {@code Condition(Lock())}).
     *
     * @param lock the lock waiters release while they wait
     * @return the condition
     * @throws NullPointerException when {@code lock} is null
     */
    public static Condition create(Lock lock) {
        return new Condition(newSegment(), Objects.requireNonNull(lock, "lock"), null);
    }

    /**
     * The underlying lock (Python's private {@code _lock}).
     *
     * @return the {@link Lock} or {@link RLock} given to, or made by, {@code create}
     */
    public java.util.concurrent.locks.Lock lock() {
        return lock != null ? lock : rlock;
    }

    /**
     * Python's {@code acquire()}: acquires the underlying lock.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock
     */
    public void acquire() throws InterruptedException {
        if (lock != null) {
            lock.acquire();
        } else {
            rlock.acquire();
        }
    }

    /**
     * Python's {@code acquire(timeout=t)}: acquires the underlying lock, waiting at most
     * {@code timeout}.
     *
     * @param timeout how long to wait
     * @return true when acquired, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when the previous holder's process died holding the lock
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return lock != null ? lock.acquire(timeout) : rlock.acquire(timeout);
    }

    /**
     * Python's {@code release()}: releases the underlying lock.
     *
     * @throws IllegalMonitorStateException when the lock is not held (by the current thread, for
     *         an {@link RLock})
     */
    public void release() {
        if (lock != null) {
            lock.release();
        } else {
            rlock.release();
        }
    }

    private boolean isOwned() {
        return lock != null ? lock.isLocked() : rlock.isHeldByCurrentThread();
    }

    /**
     * Python's {@code wait()}: releases the lock (every hold of an {@link RLock}), waits for a
     * signal, and re-acquires it before returning, also when interrupted.
     *
     * @throws IllegalMonitorStateException when the lock is not held ("cannot wait on un-acquired lock")
     * @throws InterruptedException when the calling thread is interrupted while waiting; the lock
     *         is held again
     * @throws LockOwnerDiedException when a process died holding the lock meanwhile; the lock is
     *         held by the caller
     * @throws IllegalStateException when {@value #SLOTS} threads wait already
     */
    public void await() throws InterruptedException {
        await(Deadline.never());
    }

    /**
     * Python's {@code wait(timeout)}: as {@link #await()}, waiting at most {@code timeout} for a
     * signal.
     *
     * @param timeout how long to wait
     * @return true when signalled, false when the timeout elapsed without a signal
     * @throws IllegalMonitorStateException when the lock is not held
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when a process died holding the lock meanwhile
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * Python's {@code wait_for(predicate, timeout)}: waits until {@code predicate} (evaluated with
     * the lock held) is true or the timeout ({@code null}: none) elapses; returns its last value.
     * The caller holds the lock, as for {@link #await()}.
     *
     * @param predicate the condition waited for, evaluated in the calling thread
     * @param timeout   for the whole wait; null waits until the predicate holds
     * @return the predicate's last value: false only when the timeout elapsed
     * @throws IllegalMonitorStateException when the lock is not held and the predicate is false
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws LockOwnerDiedException when a process died holding the lock meanwhile
     */
    public boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            if (deadline.expired()) {
                break;
            }
            await(deadline);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    private boolean await(Deadline deadline) throws InterruptedException {
        if (!isOwned()) {
            throw new IllegalMonitorStateException("cannot wait on un-acquired lock");
        }
        long slot = takeSlot();
        int saved = releaseLock();
        InterruptedException interrupted = null;
        LockOwnerDiedException ownerDied = null;
        try {
            while (Words.getInt(memory, slot) == 1 && !deadline.expired()) {
                Futex.wait(memory, slot, 1, deadline.sliceNanos());
                if (Thread.interrupted()) {
                    interrupted = new InterruptedException();
                    break;
                }
            }
        } finally {
            ownerDied = reacquireLock(saved);
        }
        boolean notified = Words.getInt(memory, slot) == 2;
        Words.setInt(memory, slot, 0);
        if (interrupted != null) {
            throw interrupted;
        }
        if (ownerDied != null) {
            throw ownerDied;
        }
        return notified;
    }

    /**
     * Python's {@code notify()}: wakes the longest-waiting waiter, if any, in any process.
     *
     * @throws IllegalMonitorStateException when the lock is not held ("cannot notify on un-acquired lock")
     */
    public void signal() {
        signal(1);
    }

    /**
     * Python's {@code notify(n)}: wakes up to {@code n} waiters, oldest first.
     *
     * @param n the number of waiters to wake; 0 or less wakes none
     * @throws IllegalMonitorStateException when the lock is not held
     */
    public void signal(int n) {
        if (!isOwned()) {
            throw new IllegalMonitorStateException("cannot notify on un-acquired lock");
        }
        for (int i = 0; i < n; i++) {
            long oldest = -1;
            int oldestTicket = 0;
            for (int s = 0; s < SLOTS; s++) {
                long at = FIRST_SLOT + s * SLOT_SIZE;
                if (Words.getInt(memory, at) != 1) {
                    continue;
                }
                if (!ProcessStamp.isAlive(Words.getLong(memory, at + 8))) {
                    Words.setInt(memory, at, 0);
                    continue;
                }
                int ticket = Words.getInt(memory, at + 4);
                if (oldest < 0 || ticket - oldestTicket < 0) {
                    oldest = at;
                    oldestTicket = ticket;
                }
            }
            if (oldest < 0) {
                return;
            }
            Words.setInt(memory, oldest, 2);
            Futex.wake(memory, oldest, 1);
        }
    }

    /**
     * Python's {@code notify_all()}: wakes every waiter.
     *
     * @throws IllegalMonitorStateException when the lock is not held
     */
    public void signalAll() {
        signal(SLOTS);
    }

    private long takeSlot() {
        for (int s = 0; s < SLOTS; s++) {
            long at = FIRST_SLOT + s * SLOT_SIZE;
            int state = Words.getInt(memory, at);
            if (state == 0 || !ProcessStamp.isAlive(Words.getLong(memory, at + 8))) {
                int ticket = Words.getAndAddInt(memory, TICKET, 1);
                Words.setInt(memory, at + 4, ticket);
                Words.setLong(memory, at + 8, ProcessStamp.SELF);
                Words.setInt(memory, at, 1);
                return at;
            }
        }
        throw new IllegalStateException("more than " + SLOTS + " threads wait on condition " + segment.name()
                + " at once: mp4j conditions hold at most " + SLOTS + " waiters");
    }

    private int releaseLock() {
        if (lock != null) {
            lock.release();
            return 1;
        }
        return rlock.releaseAll();
    }

    /**
     * Re-acquires the lock, also when its owner died meanwhile (then the lock is held and the
     * owner's death is returned, for the caller to throw).
     */
    private LockOwnerDiedException reacquireLock(int saved) {
        LockOwnerDiedException ownerDied = null;
        while (true) {
            try {
                if (lock != null) {
                    lock.mutex().lockUninterruptibly();
                } else {
                    rlock.reacquire(saved);
                }
                return ownerDied;
            } catch (LockOwnerDiedException e) {
                ownerDied = e;
            }
        }
    }

    @Override
    public String toString() {
        return "<Condition " + segment.name() + " over " + lock() + ">";
    }

    /**
     * Replaces the object with a handle naming its shared segment, which re-attaches to the same
     * object when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    private Object writeReplace() {
        return new Handle(segment.name(), lock, rlock);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;
        private final Lock lock;
        private final RLock rlock;

        Handle(String segment, Lock lock, RLock rlock) {
            this.segment = segment;
            this.lock = lock;
            this.rlock = rlock;
        }

        @Serial
        private Object readResolve() {
            return new Condition(SharedSegment.open(segment), lock, rlock);
        }
    }
}
