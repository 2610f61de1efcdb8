package dev.mp4j.sync;

import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A barrier for a fixed number of parties, shared by threads and processes: Python's
 * {@code Barrier(parties, action, timeout)}, ported from CPython's own implementation over a
 * {@link Condition}. Each round, the last party to arrive runs the action (if any) and releases
 * the others; {@link #await()} returns the arrival index, 0 to {@code parties - 1}.
 *
 * <p>The barrier breaks (and every waiter gets {@link BrokenBarrierException}) on {@link #abort()},
 * on a wait that times out, on an action that throws, and on {@link #reset()} while parties wait.
 * After a reset the barrier is usable again.
 *
 * <p>State (filling 0, draining 1, resetting -1, broken -2) and the arrival count live in shared
 * memory and change only under the condition's lock. The action must be serializable to reach
 * other processes; it runs in whichever process arrives last.
 */
public final class Barrier implements Serializable {
    private static final long STATE = 0;
    private static final long COUNT = 4;
    private static final long PARTIES = 8;
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN = -2;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;
    private final Condition condition;
    private final SerializableRunnable action;
    private final Duration timeout;

    private Barrier(SharedSegment segment, Condition condition, SerializableRunnable action, Duration timeout) {
        this.segment = segment;
        this.memory = segment.segment();
        this.condition = condition;
        this.action = action;
        this.timeout = timeout;
    }

    public static Barrier create(int parties) {
        return create(parties, null, null);
    }

    /**
     * @param action  run by the last party of each round before the others are released; may be null
     * @param timeout the default timeout of {@link #await()}; null for none
     */
    public static Barrier create(int parties, SerializableRunnable action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, not " + parties);
        }
        if (parties > Condition.SLOTS) {
            throw new IllegalArgumentException("a barrier holds at most " + Condition.SLOTS + " parties, not " + parties);
        }
        SharedSegment segment = SharedSegment.create(64);
        Words.setInt(segment.segment(), PARTIES, parties);
        return new Barrier(segment, Condition.create(Lock.create()), action, timeout);
    }

    /** Waits with the barrier's default timeout. @return the arrival index */
    public int await() throws InterruptedException, BrokenBarrierException {
        return await(timeout);
    }

    /** Waits at most {@code timeout} (null: no limit); a timeout breaks the barrier. @return the arrival index */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        condition.acquire();
        try {
            enter();
            int index = Words.getInt(memory, COUNT);
            Words.setInt(memory, COUNT, index + 1);
            try {
                if (index + 1 == parties()) {
                    release();
                } else {
                    waitForRelease(timeout);
                }
                return index;
            } finally {
                Words.setInt(memory, COUNT, Words.getInt(memory, COUNT) - 1);
                exit();
            }
        } finally {
            condition.release();
        }
    }

    private void enter() throws InterruptedException, BrokenBarrierException {
        while (state() == RESETTING || state() == DRAINING) {
            condition.await();
        }
        if (state() < 0) {
            throw new BrokenBarrierException("the barrier is broken");
        }
    }

    private void release() throws BrokenBarrierException {
        try {
            if (action != null) {
                action.run();
            }
            setState(DRAINING);
            condition.signalAll();
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        }
    }

    private void waitForRelease(Duration timeout) throws InterruptedException, BrokenBarrierException {
        if (!condition.awaitFor(() -> state() != FILLING, timeout)) {
            breakBarrier();
            throw new BrokenBarrierException("timed out after " + timeout + " waiting for the other parties");
        }
        if (state() < 0) {
            throw new BrokenBarrierException("the barrier is broken");
        }
    }

    private void exit() {
        if (Words.getInt(memory, COUNT) == 0 && (state() == RESETTING || state() == DRAINING)) {
            setState(FILLING);
            condition.signalAll();
        }
    }

    /** Returns the barrier to its initial state; parties waiting now get {@link BrokenBarrierException}. */
    public void reset() throws InterruptedException {
        condition.acquire();
        try {
            if (Words.getInt(memory, COUNT) > 0) {
                if (state() == FILLING || state() == BROKEN) {
                    setState(RESETTING);
                }
            } else {
                setState(FILLING);
            }
            condition.signalAll();
        } finally {
            condition.release();
        }
    }

    /** Breaks the barrier: current and future waits throw {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() throws InterruptedException {
        condition.acquire();
        try {
            breakBarrier();
        } finally {
            condition.release();
        }
    }

    private void breakBarrier() {
        setState(BROKEN);
        condition.signalAll();
    }

    public int parties() {
        return Words.getInt(memory, PARTIES);
    }

    /** Parties currently waiting (Python's {@code n_waiting}). */
    public int waiting() {
        return state() == FILLING ? Words.getInt(memory, COUNT) : 0;
    }

    public boolean isBroken() {
        return state() == BROKEN;
    }

    private int state() {
        return Words.getInt(memory, STATE);
    }

    private void setState(int state) {
        Words.setInt(memory, STATE, state);
    }

    @Override
    public String toString() {
        return "<Barrier " + segment.name() + " waiters=" + waiting() + "/" + parties() + (isBroken() ? " broken" : "") + ">";
    }

    @Serial
    private Object writeReplace() {
        return new Handle(segment.name(), condition, action, timeout);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;
        private final Condition condition;
        private final SerializableRunnable action;
        private final Duration timeout;

        Handle(String segment, Condition condition, SerializableRunnable action, Duration timeout) {
            this.segment = segment;
            this.condition = condition;
            this.action = action;
            this.timeout = timeout;
        }

        @Serial
        private Object readResolve() {
            return new Barrier(SharedSegment.open(segment), condition, action, timeout);
        }
    }
}
