package dev.mp4j.internal.sync;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.sync.LockOwnerDiedException;

import java.lang.foreign.MemorySegment;

/**
 * A mutex in one 32-bit word of shared memory that survives the death of its owner process.
 *
 * <p>Word: 0 when free; otherwise the owner's pid (bits 0-29) plus {@link #WAITERS} when some
 * thread may sleep on it (Drepper's "futexes are tricky" mutex, with the pid in place of the
 * constant 1). Acquire is one CAS when free; release is one atomic swap and a futex wake only when
 * the waiters bit was set. A contended acquirer first spins a little with exponential back-off
 * (which lets the holder re-acquire in runs instead of handing the cache line over on every
 * release), then sleeps. A blocked acquirer sleeps in futex slices; between slices it checks
 * whether the owner's pid is still alive. When the owner died, the first thread to notice takes the
 * word from the dead pid, frees it, wakes everyone and throws {@link LockOwnerDiedException}: the
 * lock is free again (nobody holds it) but the data it guarded may be half updated.
 *
 * <p>Owner-death is detected only for other processes: the threads of one JVM share its pid.
 * Any process or thread may release a held mutex (Python's {@code Lock} allows it); ownership by
 * thread is layered on top by {@code RLock}.
 */
public final class RobustMutex {
    public static final int WAITERS = 1 << 30;
    public static final int PID_MASK = WAITERS - 1;
    /** Bytes this mutex occupies. */
    public static final int SIZE = 4;
    public static final int MY_PID = myPid();
    private static final int SPINS = 100;
    private static final int MAX_BACKOFF = 64;

    private final MemorySegment segment;
    private final long offset;

    public RobustMutex(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
    }

    private static int myPid() {
        long pid = ProcessHandle.current().pid();
        if (pid <= 0 || pid > PID_MASK) {
            throw new ExceptionInInitializerError("pid " + pid + " does not fit mp4j's 30-bit lock word");
        }
        return (int) pid;
    }

    /** One attempt, never blocks. @throws LockOwnerDiedException when the holder is a dead process */
    public boolean tryLock() {
        if (Words.casInt(segment, offset, 0, MY_PID)) {
            return true;
        }
        int word = Words.getInt(segment, offset);
        if (word != 0) {
            checkOwnerAlive(word);
        }
        return false;
    }

    /** Acquires before {@code deadline}; false when it expired. */
    public boolean lock(Deadline deadline) throws InterruptedException {
        if (Words.casInt(segment, offset, 0, MY_PID)) {
            return true;
        }
        int backoff = 1;
        for (int i = 0; i < SPINS; i++) {
            for (int pause = 0; pause < backoff; pause++) {
                Thread.onSpinWait();
            }
            if (Words.getInt(segment, offset) == 0 && Words.casInt(segment, offset, 0, MY_PID)) {
                return true;
            }
            backoff = Math.min(backoff << 1, MAX_BACKOFF);
        }
        long lastOwnerCheck = System.nanoTime();
        while (true) {
            int word = Words.getInt(segment, offset);
            if (word == 0) {
                // We may have been woken while others still sleep: keep the waiters bit.
                if (Words.casInt(segment, offset, 0, MY_PID | WAITERS)) {
                    return true;
                }
                continue;
            }
            long now = System.nanoTime();
            if (now - lastOwnerCheck >= Deadline.SLICE_NANOS) {
                lastOwnerCheck = now;
                checkOwnerAlive(word);
            }
            if (deadline.expired()) {
                return false;
            }
            if ((word & WAITERS) == 0 && !Words.casInt(segment, offset, word, word | WAITERS)) {
                continue;
            }
            Futex.wait(segment, offset, word | WAITERS, deadline.sliceNanos());
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
        int word = Words.getAndSetInt(segment, offset, 0);
        if (word == 0) {
            return false;
        }
        if ((word & WAITERS) != 0) {
            Futex.wake(segment, offset, 1);
        }
        return true;
    }

    public boolean isLocked() {
        return Words.getInt(segment, offset) != 0;
    }

    /** Pid of the holder, 0 when free. */
    public int ownerPid() {
        return Words.getInt(segment, offset) & PID_MASK;
    }

    public boolean isHeldByThisProcess() {
        return ownerPid() == MY_PID;
    }

    private void checkOwnerAlive(int word) {
        int pid = word & PID_MASK;
        if (pid == MY_PID || pid == 0 || isAlive(pid)) {
            return;
        }
        if (Words.casInt(segment, offset, word, 0)) {
            Futex.wake(segment, offset, Integer.MAX_VALUE);
            throw new LockOwnerDiedException(pid);
        }
    }

    /** Whether a process with this pid exists (a zombie not yet reaped counts as dead). */
    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
