package dev.mp4j.sync;

import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.runtime.ProcessStamp;
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
 * on a wait that times out, on an action that throws, on {@link #reset()} while parties wait, and,
 * beyond Python, when a process dies while one of its threads waits at the barrier (or holds its
 * lock): a dead party can never arrive, so the others are told within about
 * {@link #DEATH_CHECK_NANOS 100 ms} instead of waiting for ever (or, with two parties, passing
 * with a dead partner). After a reset the barrier is usable again.
 *
 * <p>State (filling 0, draining 1, resetting -1, broken -2), the arrival count and one slot per
 * party inside {@code await} (its process's {@link ProcessStamp}: pid and start time) live in
 * shared memory and change only under the condition's lock. Waiters wake every
 * {@link #DEATH_CHECK_NANOS} and one of them (at most one check per interval for the whole barrier,
 * timed by the machine-wide monotonic clock) looks for slots of dead processes; a party that
 * arrives checks too. The action must be serializable to reach other processes; it runs in
 * whichever process arrives last.
 *
 * <p>Thread-safe and process-safe; passed to a child process, it re-attaches there. At most
 * {@value Condition#SLOTS} parties.
 */
public final class Barrier implements Serializable {
    private static final long STATE = 0;
    private static final long COUNT = 4;
    private static final long PARTIES = 8;
    /** 1 when the barrier broke because a party's process died (for the message). */
    private static final long DEATH = 12;
    /** System.nanoTime() of the last look for dead parties: CLOCK_MONOTONIC, one clock for all processes. */
    private static final long LAST_DEATH_CHECK = 16;
    private static final long PARTY_SLOTS = 64;
    /** How often waiters look for dead parties. */
    static final long DEATH_CHECK_NANOS = 100_000_000L;
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN = -2;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;
    /** Guards the shared state; its lock is the barrier's lock. */
    private final Condition condition;
    /** Run by the last party of each round; null for none. */
    private final SerializableRunnable action;
    /** The default timeout of {@link #await()}; null for none. */
    private final Duration timeout;

    private Barrier(SharedSegment segment, Condition condition, SerializableRunnable action, Duration timeout) {
        this.segment = segment;
        this.memory = segment.segment();
        this.condition = condition;
        this.action = action;
        this.timeout = timeout;
    }

    /**
     * A barrier for {@code parties} parties, without action or default timeout (Python's
     * {@code Barrier(parties)}).
     *
     * @param parties the number of parties, 1 to {@value Condition#SLOTS}
     * @return the barrier
     * @throws IllegalArgumentException when {@code parties} is out of range
     */
    public static Barrier create(int parties) {
        return create(parties, null, null);
    }

    /**
     * A barrier (Python's {@code Barrier(parties, action, timeout)}).
     *
     * @param parties the number of parties, 1 to {@value Condition#SLOTS}
     * @param action  run by the last party of each round before the others are released; may be null
     * @param timeout the default timeout of {@link #await()}; null for none
     * @return the barrier
     * @throws IllegalArgumentException when {@code parties} is out of range
     */
    public static Barrier create(int parties, SerializableRunnable action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, not " + parties);
        }
        if (parties > Condition.SLOTS) {
            throw new IllegalArgumentException("a barrier holds at most " + Condition.SLOTS + " parties, not " + parties);
        }
        SharedSegment segment = SharedSegment.create(PARTY_SLOTS + 8L * Condition.SLOTS);
        Words.setInt(segment.segment(), PARTIES, parties);
        return new Barrier(segment, Condition.create(Lock.create()), action, timeout);
    }

    /**
     * Python's {@code wait()}: waits, with the barrier's default timeout, until every party has
     * arrived.
     *
     * @return the arrival index, 0 to {@code parties - 1}
     * @throws BrokenBarrierException when the barrier is or becomes broken (Python's
     *         {@code BrokenBarrierError}), including by this wait's timeout or the action's failure
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        return await(timeout);
    }

    /**
     * Python's {@code wait(timeout)}: waits at most {@code timeout} (null: no limit) until every
     * party has arrived; a timeout breaks the barrier for every party.
     *
     * @param timeout how long to wait; null for no limit
     * @return the arrival index, 0 to {@code parties - 1}
     * @throws BrokenBarrierException when the barrier is or becomes broken, including by this
     *         wait's timeout
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        Deadline deadline = Deadline.after(timeout);
        lock();
        try {
            enter();
            if (Words.getInt(memory, COUNT) + 1 == parties()) {
                checkForDeadParties(true); // the last party must not pass with a dead one
                if (state() < 0) {
                    throw new BrokenBarrierException(brokenMessage());
                }
            }
            int index = Words.getInt(memory, COUNT);
            Words.setInt(memory, COUNT, index + 1);
            long slot = takeSlot();
            try {
                if (index + 1 == parties()) {
                    release();
                } else {
                    waitForRelease(timeout, deadline);
                }
                return index;
            } finally {
                Words.setLong(memory, slot, 0);
                Words.setInt(memory, COUNT, Words.getInt(memory, COUNT) - 1);
                exit();
            }
        } finally {
            condition.release();
        }
    }

    /** Takes the condition's lock; a process that died holding it broke the barrier. */
    private void lock() throws InterruptedException {
        boolean ownerDied = false;
        while (true) {
            try {
                condition.acquire();
                break;
            } catch (LockOwnerDiedException e) {
                ownerDied = true;
            }
        }
        if (ownerDied) {
            repairAfterDeath();
        }
    }

    /**
     * Under the lock, after its owner died: the count may be half updated, so it is rebuilt from
     * the live parties' slots, and the barrier is broken (a party died inside it).
     */
    private void repairAfterDeath() {
        int live = 0;
        for (int s = 0; s < Condition.SLOTS; s++) {
            long at = PARTY_SLOTS + 8L * s;
            long stamp = Words.getLong(memory, at);
            if (stamp == 0) {
                continue;
            }
            if (ProcessStamp.isAlive(stamp)) {
                live++;
            } else {
                Words.setLong(memory, at, 0);
            }
        }
        Words.setInt(memory, COUNT, live);
        Words.setInt(memory, DEATH, 1);
        breakBarrier();
        exit();
    }

    /**
     * Under the lock: frees the slots of parties whose process died. A death while the barrier fills
     * breaks it; a death while it drains or resets just lets the round end. Unless {@code now}, looks
     * only when no process looked in the last {@link #DEATH_CHECK_NANOS}.
     */
    private void checkForDeadParties(boolean now) {
        long time = System.nanoTime();
        if (!now && time - Words.getLong(memory, LAST_DEATH_CHECK) < DEATH_CHECK_NANOS) {
            return;
        }
        Words.setLong(memory, LAST_DEATH_CHECK, time);
        int dead = 0;
        for (int s = 0; s < Condition.SLOTS; s++) {
            long at = PARTY_SLOTS + 8L * s;
            long stamp = Words.getLong(memory, at);
            if (stamp != 0 && !ProcessStamp.isAlive(stamp)) {
                Words.setLong(memory, at, 0);
                dead++;
            }
        }
        if (dead == 0) {
            return;
        }
        Words.setInt(memory, COUNT, Math.max(0, Words.getInt(memory, COUNT) - dead));
        if (state() == FILLING) {
            Words.setInt(memory, DEATH, 1);
            breakBarrier();
        }
        exit();
    }

    private long takeSlot() {
        for (int s = 0; s < Condition.SLOTS; s++) {
            long at = PARTY_SLOTS + 8L * s;
            if (Words.getLong(memory, at) == 0) {
                Words.setLong(memory, at, ProcessStamp.SELF);
                return at;
            }
        }
        throw new IllegalStateException("more than " + Condition.SLOTS + " threads inside barrier " + segment.name());
    }

    /** Waits on the condition at most until the next look for dead parties, then looks if it is due. */
    private void awaitSignalOrDeathCheck(Deadline deadline) throws InterruptedException {
        try {
            condition.await(Duration.ofNanos(Math.max(1, Math.min(deadline.remainingNanos(), DEATH_CHECK_NANOS))));
        } catch (LockOwnerDiedException e) {
            repairAfterDeath(); // held again by now
        }
        checkForDeadParties(false);
    }

    private void enter() throws InterruptedException, BrokenBarrierException {
        while (state() == RESETTING || state() == DRAINING) {
            awaitSignalOrDeathCheck(Deadline.never());
        }
        if (state() < 0) {
            throw new BrokenBarrierException(brokenMessage());
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

    private void waitForRelease(Duration timeout, Deadline deadline) throws InterruptedException, BrokenBarrierException {
        while (state() == FILLING) {
            if (deadline.expired()) {
                breakBarrier();
                throw new BrokenBarrierException("timed out after " + timeout + " waiting for the other parties");
            }
            awaitSignalOrDeathCheck(deadline);
        }
        if (state() < 0) {
            throw new BrokenBarrierException(brokenMessage());
        }
    }

    private String brokenMessage() {
        return Words.getInt(memory, DEATH) != 0 ? "the barrier is broken: a party's process died while it waited"
                : "the barrier is broken";
    }

    private void exit() {
        if (Words.getInt(memory, COUNT) == 0 && (state() == RESETTING || state() == DRAINING)) {
            setState(FILLING);
            condition.signalAll();
        }
    }

    /**
     * Python's {@code reset()}: returns the barrier to its initial state; parties waiting now get
     * {@link BrokenBarrierException}.
     *
     * @throws InterruptedException when interrupted while waiting for the barrier's lock
     */
    public void reset() throws InterruptedException {
        lock();
        try {
            Words.setInt(memory, DEATH, 0);
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

    /**
     * Python's {@code abort()}: breaks the barrier; current and future waits throw
     * {@link BrokenBarrierException} until {@link #reset()}.
     *
     * @throws InterruptedException when interrupted while waiting for the barrier's lock
     */
    public void abort() throws InterruptedException {
        lock();
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

    /**
     * Python's {@code parties}.
     *
     * @return the number of parties that must arrive
     */
    public int parties() {
        return Words.getInt(memory, PARTIES);
    }

    /**
     * Parties currently waiting (Python's {@code n_waiting}).
     *
     * @return the number, a moment ago
     */
    public int waiting() {
        return state() == FILLING ? Words.getInt(memory, COUNT) : 0;
    }

    /**
     * Python's {@code broken}.
     *
     * @return true when broken and not yet reset
     */
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

    /**
     * Replaces the object with a handle naming its shared segment, which re-attaches to the same
     * object when deserialized in another process.
     *
     * @return the handle
     */
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
