package dev.mp4j.internal.sync;

import dev.mp4j.internal.runtime.ProcessStamp;
import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.LockOwnerDiedException;

import java.lang.foreign.MemorySegment;

/**
 * The permits of a robust semaphore: who holds how many is recorded in shared memory, so the
 * permits of a process that died holding them come back.
 *
 * <p>Layout (offsets from the semaphore's segment start, shared with {@code Semaphore}): the
 * available count at {@code value} (also the futex word sleepers wait on), the sleeper count, the
 * number of permits in existence ({@link #TOTAL}: available plus held), a {@link RobustMutex}
 * ({@link #MUTEX}) and {@link #SLOTS} holder slots {@code (process stamp, count)} from
 * {@link #HOLDERS}. Invariant, under the mutex: {@code value == total - sum(count of live holders)}
 * once dead holders are reclaimed. Every change happens under the mutex; a holder's stamp names
 * it by pid and start time ({@link ProcessStamp}), so a recycled pid does not keep a dead holder's
 * permits.
 *
 * <p>A release takes the permit from the releasing process's own count, else from another live
 * holder's (permits are not owned by a thread, as in Python: any process may release one another
 * acquired), else creates one ({@code total + 1}, refused past the bound). Dead holders are
 * reclaimed (their count returns to {@code value}) by an acquirer that finds no permit, at most
 * once per {@link Deadline#SLICE_NANOS} per instance, and by whoever finds the mutex's owner dead;
 * since {@code value} is then recomputed from {@code total} and the live counts, a process killed
 * in the middle of an update leaves nothing inconsistent behind.
 *
 * <p>Thread-safe; instances are per process (they cache this process's slot).
 */
public final class RobustPermits {
    public static final long TOTAL = 16;
    public static final long MUTEX = 24;
    public static final long HOLDERS = 64;
    public static final int SLOTS = 128;
    private static final long SLOT_SIZE = 16;
    /** Bytes a robust semaphore's segment needs. */
    public static final long SIZE = HOLDERS + SLOTS * SLOT_SIZE;

    private final MemorySegment memory;
    private final long value;
    private final long sleepers;
    private final int bound;
    private final RobustMutex mutex;
    private volatile int mySlot = -1;
    private volatile long lastReclaim = System.nanoTime() - Deadline.SLICE_NANOS;

    /**
     * @param bound the most permits that may exist, -1 for no bound
     */
    public RobustPermits(MemorySegment memory, long value, long sleepers, int bound) {
        this.memory = memory;
        this.value = value;
        this.sleepers = sleepers;
        this.bound = bound;
        this.mutex = new RobustMutex(memory, MUTEX);
    }

    /** Writes the initial state into a fresh (zeroed) segment. */
    public static void initialize(MemorySegment memory, long value, int permits) {
        Words.setInt(memory, value, permits);
        Words.setInt(memory, TOTAL, permits);
    }

    public boolean acquire(Deadline deadline) throws InterruptedException {
        while (true) {
            lock();
            try {
                if (Words.getInt(memory, value) > 0) {
                    long slot = slotOfThisProcess();
                    Words.setInt(memory, slot + 8, Words.getInt(memory, slot + 8) + 1);
                    Words.setInt(memory, value, Words.getInt(memory, value) - 1);
                    return true;
                }
            } finally {
                mutex.unlock();
            }
            if (reclaimDueNow()) {
                continue;
            }
            if (deadline.expired()) {
                return false;
            }
            Words.getAndAddInt(memory, sleepers, 1);
            try {
                Futex.wait(memory, value, 0, deadline.sliceNanos());
            } finally {
                Words.getAndAddInt(memory, sleepers, -1);
            }
            Deadline.checkInterrupt();
        }
    }

    public void release(int n) {
        lock();
        try {
            long mine = findSlot(ProcessStamp.SELF);
            int fromMine = mine >= 0 ? Math.min(n, Words.getInt(memory, mine + 8)) : 0;
            int fromOthers = fromMine == n ? 0 : Math.min(n - fromMine, heldByOthers(mine));
            int created = n - fromMine - fromOthers;
            int total = Words.getInt(memory, TOTAL);
            if (created > 0 && bound >= 0 && total + created > bound) {
                throw new IllegalStateException("Semaphore released too many times (bound " + bound + ")");
            }
            if (fromMine > 0) {
                Words.setInt(memory, mine + 8, Words.getInt(memory, mine + 8) - fromMine);
            }
            for (int s = 0; s < SLOTS && fromOthers > 0; s++) {
                long slot = HOLDERS + s * SLOT_SIZE;
                int count = Words.getInt(memory, slot + 8);
                if (slot != mine && count > 0 && ProcessStamp.isAlive(Words.getLong(memory, slot))) {
                    int taken = Math.min(count, fromOthers);
                    Words.setInt(memory, slot + 8, count - taken);
                    fromOthers -= taken;
                }
            }
            Words.setInt(memory, TOTAL, total + created);
            Words.setInt(memory, value, Words.getInt(memory, value) + n);
        } finally {
            mutex.unlock();
        }
        if (Words.getInt(memory, sleepers) > 0) {
            Futex.wake(memory, value, n);
        }
    }

    /** Under the mutex: permits held by live processes other than the one in slot {@code mine}. */
    private int heldByOthers(long mine) {
        int held = 0;
        for (int s = 0; s < SLOTS; s++) {
            long slot = HOLDERS + s * SLOT_SIZE;
            int count = Words.getInt(memory, slot + 8);
            if (slot != mine && count > 0 && ProcessStamp.isAlive(Words.getLong(memory, slot))) {
                held += count;
            }
        }
        return held;
    }

    /** Returns the permits of dead holders now. @return whether any came back */
    public boolean reclaimDeadHolders() {
        lock();
        boolean any;
        try {
            any = recompute();
        } finally {
            mutex.unlock();
        }
        if (any && Words.getInt(memory, sleepers) > 0) {
            Futex.wake(memory, value, Integer.MAX_VALUE);
        }
        return any;
    }

    /** Permits held by live processes, as recorded. */
    public int held() {
        int held = 0;
        for (int s = 0; s < SLOTS; s++) {
            held += Words.getInt(memory, HOLDERS + s * SLOT_SIZE + 8);
        }
        return held;
    }

    /** A reclaim when none ran in this instance for a slice; true when permits came back. */
    private boolean reclaimDueNow() {
        long now = System.nanoTime();
        if (now - lastReclaim < Deadline.SLICE_NANOS) {
            return false;
        }
        lastReclaim = now;
        return reclaimDeadHolders();
    }

    /** Takes the mutex; a dead previous owner may have left the table half updated: recompute it. */
    private void lock() {
        boolean ownerDied = false;
        while (true) {
            try {
                mutex.lockUninterruptibly();
                break;
            } catch (LockOwnerDiedException e) {
                ownerDied = true;
            }
        }
        if (ownerDied && recompute() && Words.getInt(memory, sleepers) > 0) {
            Futex.wake(memory, value, Integer.MAX_VALUE);
        }
    }

    /** Under the mutex: drops dead holders and rebuilds {@code value}. @return whether value grew */
    private boolean recompute() {
        int held = 0;
        for (int s = 0; s < SLOTS; s++) {
            long slot = HOLDERS + s * SLOT_SIZE;
            int count = Words.getInt(memory, slot + 8);
            if (count == 0) {
                continue;
            }
            if (ProcessStamp.isAlive(Words.getLong(memory, slot))) {
                held += count;
            } else {
                Words.setInt(memory, slot + 8, 0);
            }
        }
        int before = Words.getInt(memory, value);
        int after = Math.max(0, Words.getInt(memory, TOTAL) - held);
        Words.setInt(memory, value, after);
        return after > before;
    }

    private long findSlot(long stamp) {
        int cached = mySlot;
        if (cached >= 0 && Words.getLong(memory, HOLDERS + cached * SLOT_SIZE) == stamp) {
            return HOLDERS + cached * SLOT_SIZE;
        }
        for (int s = 0; s < SLOTS; s++) {
            long slot = HOLDERS + s * SLOT_SIZE;
            if (Words.getLong(memory, slot) == stamp) {
                mySlot = s;
                return slot;
            }
        }
        return -1;
    }

    /** Under the mutex: this process's slot, taking a free one (count 0, or a dead holder's) if needed. */
    private long slotOfThisProcess() {
        long found = findSlot(ProcessStamp.SELF);
        if (found < 0) {
            found = takeFreeSlot();
        }
        if (found < 0) {
            recompute(); // frees the slots of dead holders
            found = takeFreeSlot();
        }
        if (found < 0) {
            throw new IllegalStateException("more than " + SLOTS + " live processes hold permits of one robust semaphore"
                    + " at once: mp4j records at most " + SLOTS + " holders (use a non-robust Semaphore)");
        }
        return found;
    }

    private long takeFreeSlot() {
        for (int s = 0; s < SLOTS; s++) {
            long slot = HOLDERS + s * SLOT_SIZE;
            if (Words.getInt(memory, slot + 8) == 0) {
                Words.setLong(memory, slot, ProcessStamp.SELF);
                mySlot = s;
                return slot;
            }
        }
        return -1;
    }
}
