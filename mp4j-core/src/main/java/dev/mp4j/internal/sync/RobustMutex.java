package dev.mp4j.internal.sync;

import dev.mp4j.internal.runtime.ProcessStamp;
import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.LockOwnerDiedException;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * A mutex in one 64-bit word of shared memory that survives the death of its owner process.
 *
 * <p>Word: 0 when free; otherwise the owner's {@link ProcessStamp} (pid in the low half, start time
 * in the high half), with {@link #WAITERS} set in the pid half when some thread may sleep on it
 * (Drepper's "futexes are tricky" mutex, with the owner in place of the constant 1). The futex is
 * the 32-bit pid half (the kernel compares only those 32 bits; every write of the word is a 64-bit
 * atomic). Acquire is one 64-bit CAS when free, which records pid and start time at once; release
 * is one atomic swap to 0 and a futex wake only when the waiters bit was set. A
 * contended acquirer first spins a little with exponential back-off (which lets the holder
 * re-acquire in runs instead of handing the cache line over on every release), then sleeps. A
 * blocked acquirer sleeps in futex slices; between slices it checks whether the owner is still
 * alive: a process with the owner's pid that also started when the owner did, so a recycled pid
 * (another process, or a thread of one) never passes for the dead owner. When the owner died, the
 * first thread to notice takes the word from the dead owner, frees it, wakes everyone and throws
 * {@link LockOwnerDiedException}: the lock is free again (nobody holds it) but the data it guarded
 * may be half updated.
 *
 * <p>Owner-death is detected only for other processes: the threads of one JVM share its stamp.
 * Any process or thread may release a held mutex (Python's {@code Lock} allows it); ownership by
 * thread is layered on top by {@code RLock}. The word must be 8-byte aligned.
 */
public final class RobustMutex {
    public static final int WAITERS = 1 << 30;
    public static final int PID_MASK = WAITERS - 1;
    /** Bytes this mutex occupies. */
    public static final int SIZE = 8;
    public static final int MY_PID = myPid();
    private static final long SELF = ProcessStamp.SELF;
    /** Where the 32-bit pid half (the futex word) lies within the 64-bit word. */
    private static final long PID_HALF = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4;
    private static final int SPINS = 100;
    private static final int MAX_BACKOFF = 64;

    private final MemorySegment segment;
    private final long offset;
    private final long pidOffset;
    /** What {@code dev.mp4j.LockWait} events call this mutex (see {@link #named}). */
    private String description = "mutex";

    public RobustMutex(MemorySegment segment, long offset) {
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("a robust mutex needs an 8-byte aligned offset, not " + offset);
        }
        this.segment = segment;
        this.offset = offset;
        this.pidOffset = offset + PID_HALF;
    }

    /** Names this mutex in recorded lock waits ({@code "Lock mp4j-1234-ab"}); returns this. */
    public RobustMutex named(String name) {
        this.description = name;
        return this;
    }

    private static int myPid() {
        long pid = dev.mp4j.internal.runtime.Pids.self();
        if (pid <= 0 || pid > PID_MASK) {
            throw new ExceptionInInitializerError("pid " + pid + " does not fit mp4j's 30-bit lock word");
        }
        return (int) pid;
    }

    /** One attempt, never blocks. @throws LockOwnerDiedException when the holder is a dead process */
    public boolean tryLock() {
        if (Words.casLong(segment, offset, 0, SELF)) {
            return true;
        }
        long word = Words.getLong(segment, offset);
        if (word != 0) {
            checkOwnerAlive(word);
        }
        return false;
    }

    /** Acquires before {@code deadline}; false when it expired. */
    public boolean lock(Deadline deadline) throws InterruptedException {
        if (Words.casLong(segment, offset, 0, SELF)) {
            return true;
        }
        int backoff = 1;
        for (int i = 0; i < SPINS; i++) {
            for (int pause = 0; pause < backoff; pause++) {
                Thread.onSpinWait();
            }
            if (Words.getLong(segment, offset) == 0 && Words.casLong(segment, offset, 0, SELF)) {
                return true;
            }
            backoff = Math.min(backoff << 1, MAX_BACKOFF);
        }
        long lastOwnerCheck = System.nanoTime();
        Object wait = Events.waitBegins(true); // the slow path: a wait a recording may want to see
        long firstOwner = Words.getLong(segment, offset) & PID_MASK;
        while (true) {
            long word = Words.getLong(segment, offset);
            if (word == 0) {
                // We may have been woken while others still sleep: keep the waiters bit.
                if (Words.casLong(segment, offset, 0, SELF | WAITERS)) {
                    if (wait != null) {
                        Events.lockWaited(wait, description, firstOwner, true);
                    }
                    return true;
                }
                continue;
            }
            int held = (int) word;
            long now = System.nanoTime();
            if (now - lastOwnerCheck >= Deadline.SLICE_NANOS) {
                lastOwnerCheck = now;
                checkOwnerAlive(word);
            }
            if (deadline.expired()) {
                if (wait != null) {
                    Events.lockWaited(wait, description, firstOwner, false);
                }
                return false;
            }
            if ((held & WAITERS) == 0 && !Words.casLong(segment, offset, word, word | WAITERS)) {
                continue;
            }
            Futex.wait(segment, pidOffset, held | WAITERS, deadline.sliceNanos());
            Deadline.checkInterrupt();
        }
    }

    /** {@link #lock(Deadline)} forever, not interruptible (the interrupt status is kept). */
    public void lockUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                lock(Deadline.never());
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases. @return false when the mutex was not held (nothing changed) */
    public boolean unlock() {
        long word = Words.getAndSetLong(segment, offset, 0);
        if (word == 0) {
            return false;
        }
        if ((word & WAITERS) != 0) {
            Futex.wake(segment, pidOffset, 1);
        }
        return true;
    }

    public boolean isLocked() {
        return Words.getInt(segment, pidOffset) != 0;
    }

    /** Pid of the holder, 0 when free. */
    public int ownerPid() {
        return Words.getInt(segment, pidOffset) & PID_MASK;
    }

    public boolean isHeldByThisProcess() {
        return (Words.getLong(segment, offset) & ~(long) WAITERS) == SELF;
    }

    private void checkOwnerAlive(long word) {
        long owner = word & ~(long) WAITERS;
        if ((int) owner == 0 || owner == SELF || ProcessStamp.isAlive(owner)) {
            return;
        }
        if (Words.casLong(segment, offset, word, 0)) {
            Futex.wake(segment, pidOffset, Integer.MAX_VALUE);
            throw new LockOwnerDiedException(ProcessStamp.pid(owner));
        }
    }

    /**
     * Whether a live process (not a thread of another one) has this pid. For records that keep no
     * start time; a recycled pid passes for the process it once named.
     */
    public static boolean isAlive(long pid) {
        return ProcessStamp.isAlivePid(pid);
    }
}
