package dev.mp4j.sync;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustPermits;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

/**
 * A counting semaphore shared by threads and processes: Python's {@code Semaphore}.
 *
 * <p>Layout: the count (the futex word), the number of sleeping acquirers, and the bound (-1 for
 * an unbounded semaphore). Acquire decrements the count with a CAS when it is positive; release
 * adds and issues a futex wake only when the sleeper count says someone sleeps. Sleepers register
 * before re-checking the count (both sequentially consistent), so no wake is lost.
 *
 * <p>Permits are not owned: any thread or process may release. A process that dies holding permits
 * does not give them back (as in Python), unless the semaphore is <em>robust</em>
 * ({@link #create(int, boolean)}; the default of {@link BoundedSemaphore}): a robust semaphore
 * records in its shared memory which process holds how many permits (pid and start time, up to
 * {@value RobustPermits#SLOTS} holding processes at once), and the permits of a holder that died
 * come back within about 50 ms to an acquirer that waits for one (or at its next attempt). A
 * release from a process that holds none gives back another live holder's permit, so the count
 * stays exact. Robustness costs an acquire and a release a short lock each instead of one CAS.
 *
 * <p>Thread-safe and process-safe; a release happens-before the acquire that takes its permit.
 * Passed to a child process, it re-attaches there.
 */
public sealed class Semaphore implements Serializable permits BoundedSemaphore {
    private static final long VALUE = 0;
    private static final long SLEEPERS = 4;
    private static final long BOUND = 8;
    private static final long ROBUST = 12;
    private final transient SharedSegment segment;
    final transient MemorySegment memory;
    /** The holder records of a robust semaphore; null otherwise. */
    private final transient RobustPermits permits;

    Semaphore(SharedSegment segment) {
        this.segment = segment;
        this.memory = segment.segment();
        this.permits = Words.getInt(memory, ROBUST) != 0
                ? new RobustPermits(memory, VALUE, SLEEPERS, Words.getInt(memory, BOUND)) : null;
    }

    static SharedSegment newSegment(int value, int bound, boolean robust) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, not " + value);
        }
        SharedSegment segment = SharedSegment.create(robust ? RobustPermits.SIZE : 64);
        Words.setInt(segment.segment(), VALUE, value);
        Words.setInt(segment.segment(), BOUND, bound);
        if (robust) {
            RobustPermits.initialize(segment.segment(), VALUE, value);
            Words.setInt(segment.segment(), ROBUST, 1);
        }
        return segment;
    }

    /**
     * A semaphore with {@code value} permits (Python's {@code Semaphore(value)}); not robust, as in
     * Python.
     *
     * @param value the initial number of permits, 0 or more
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static Semaphore create(int value) {
        return create(value, false);
    }

    /**
     * A semaphore with {@code value} permits; a {@code robust} one gives back the permits of a
     * process that died holding them (see the class comment).
     *
     * @param value  the initial number of permits, 0 or more
     * @param robust whether permits held by a dead process come back
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static Semaphore create(int value, boolean robust) {
        return new Semaphore(newSegment(value, -1, robust));
    }

    /**
     * A semaphore with one permit (Python's {@code Semaphore()}).
     *
     * @return the semaphore
     */
    public static Semaphore create() {
        return create(1);
    }

    /**
     * Python's {@code acquire()}: blocks until a permit is available and takes it.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        acquire(Deadline.never());
    }

    /**
     * Python's {@code acquire(blocking)}.
     *
     * @param blocking false to return at once when no permit is available
     * @return true when a permit was taken
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public boolean acquire(boolean blocking) throws InterruptedException {
        return acquire(blocking ? Deadline.never() : Deadline.afterNanos(0));
    }

    /**
     * Python's {@code acquire(timeout=t)}.
     *
     * @param timeout how long to wait for a permit
     * @return true when a permit was taken, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * Python's {@code acquire(blocking, timeout)}; a {@code null} timeout waits forever. As with
     * {@code multiprocessing.Semaphore}, a non-blocking call ignores the timeout and returns at once.
     *
     * @param blocking false to return at once when no permit is available
     * @param timeout  how long to wait when blocking; null waits forever
     * @return true when a permit was taken
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public boolean acquire(boolean blocking, Duration timeout) throws InterruptedException {
        return acquire(Deadline.of(blocking, timeout));
    }

    private boolean acquire(Deadline deadline) throws InterruptedException {
        if (permits != null) {
            return permits.acquire(deadline);
        }
        while (true) {
            int value = Words.getInt(memory, VALUE);
            if (value > 0) {
                if (Words.casInt(memory, VALUE, value, value - 1)) {
                    return true;
                }
                continue;
            }
            if (deadline.expired()) {
                return false;
            }
            Words.getAndAddInt(memory, SLEEPERS, 1);
            try {
                Futex.wait(memory, VALUE, 0, deadline.sliceNanos());
            } finally {
                Words.getAndAddInt(memory, SLEEPERS, -1);
            }
            Deadline.checkInterrupt();
        }
    }

    /**
     * Python's {@code release()}: adds one permit and wakes a waiter.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore} already at its bound
     */
    public void release() {
        release(1);
    }

    /**
     * Adds {@code n} permits (Python 3.9's {@code threading.Semaphore.release(n)}).
     *
     * @param n the number of permits, at least 1
     * @throws IllegalArgumentException when {@code n} is below 1
     * @throws IllegalStateException for a {@link BoundedSemaphore} that would pass its bound;
     *         nothing is added then
     */
    public void release(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be one or more, not " + n);
        }
        if (permits != null) {
            permits.release(n);
            return;
        }
        int bound = Words.getInt(memory, BOUND);
        while (true) {
            int value = Words.getInt(memory, VALUE);
            if (bound >= 0 && value + n > bound) {
                throw new IllegalStateException("Semaphore released too many times (bound " + bound + ")");
            }
            if (Words.casInt(memory, VALUE, value, value + n)) {
                break;
            }
        }
        if (Words.getInt(memory, SLEEPERS) > 0) {
            Futex.wake(memory, VALUE, n);
        }
    }

    /**
     * The current number of permits (Python's {@code get_value()}); for a robust semaphore, after
     * giving back the permits of dead holders.
     *
     * @return the number of permits, a moment ago
     */
    public int value() {
        if (permits != null) {
            permits.reclaimDeadHolders();
        }
        return Words.getInt(memory, VALUE);
    }

    /**
     * Whether the permits of a process that dies holding them come back (see the class comment).
     *
     * @return true for a robust semaphore
     */
    public boolean isRobust() {
        return permits != null;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + segment.name() + " value=" + Words.getInt(memory, VALUE)
                + (permits != null ? " robust" : "") + ">";
    }

    /**
     * Replaces the semaphore with a handle naming its shared segment, which re-attaches to the
     * same semaphore when deserialized in another process. Package-private so that
     * {@link BoundedSemaphore} inherits it.
     *
     * @return the handle
     */
    @Serial
    final Object writeReplace() {
        return new Handle(segment.name(), this instanceof BoundedSemaphore);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;
        private final boolean bounded;

        Handle(String segment, boolean bounded) {
            this.segment = segment;
            this.bounded = bounded;
        }

        @Serial
        private Object readResolve() {
            SharedSegment opened = SharedSegment.open(segment);
            return bounded ? new BoundedSemaphore(opened) : new Semaphore(opened);
        }
    }
}
