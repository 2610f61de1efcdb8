package dev.mp4j.internal.pipe;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;
import dev.mp4j.sync.LockOwnerDiedException;

import java.lang.foreign.MemorySegment;

/**
 * The shared memory of one pipe: two single-producer single-consumer byte rings (ring {@code d}
 * is written by end {@code d} and read by end {@code 1 - d}) and, for each end, the table of
 * processes that hold it open.
 *
 * <p>Layout: a control area (a {@link RobustMutex} guarding the tables, the ring capacity, and per
 * end a closed flag and 8 slots of {@code (pid, open count, handles in flight)}), then two ring
 * headers, then the two rings. Each ring header keeps the writer's fields ({@code tail}, the writer
 * mutex) and the reader's ({@code head}, the reader mutex) on separate cache lines, with a
 * "sleeping" flag for each side. Positions only grow; the futex words are the low halves of
 * {@code tail} (readers sleep there) and {@code head} (writers sleep there), so publishing a
 * position is also the futex state change. Publication is a volatile store followed by a volatile
 * read of the other side's sleeping flag; a sleeper sets its flag and re-reads the position before
 * sleeping; both orders are sequentially consistent, so no wake-up is lost and a side that is not
 * asleep is never sent a system call.
 *
 * <p>An end is open while some live process holds it (open count) or a handle to it that a live
 * process serialized has not been deserialized yet (in flight). Dead processes' slots do not count:
 * an end held only by a killed process reads as closed.
 */
final class PipeSegment {
    static final long DEFAULT_CAPACITY = 256 * 1024;
    private static final long MUTEX = 0; // 8 bytes
    private static final long DUPLEX = 8;
    private static final long CAPACITY = 12;
    private static final int SLOTS = 8;
    private static final long SLOT_SIZE = 12;
    private static final long RING_HEADERS = 512;
    private static final long RINGS = 1024;
    static final long TAIL = 0;
    static final long WRITER_MUTEX = 8;
    static final long READER_SLEEPING = 64;
    static final long HEAD = 128;
    static final long READER_MUTEX = 136;
    static final long WRITER_SLEEPING = 192;

    final SharedSegment shared;
    final MemorySegment memory;
    final long capacity;
    private final RobustMutex mutex;

    private PipeSegment(SharedSegment shared) {
        this.shared = shared;
        this.memory = shared.segment();
        this.capacity = Words.getInt(memory, CAPACITY);
        this.mutex = new RobustMutex(memory, MUTEX);
    }

    static PipeSegment create(boolean duplex, long capacity) {
        SharedSegment shared = SharedSegment.create(RINGS + 2 * capacity);
        Words.setInt(shared.segment(), CAPACITY, (int) capacity);
        Words.setInt(shared.segment(), DUPLEX, duplex ? 1 : 0);
        return new PipeSegment(shared);
    }

    static PipeSegment open(String name) {
        return new PipeSegment(SharedSegment.open(name));
    }

    boolean duplex() {
        return Words.getInt(memory, DUPLEX) != 0;
    }

    /** Offset of the header of the ring written by end {@code writerEnd}. */
    static long ringHeader(int writerEnd) {
        return RING_HEADERS + writerEnd * 256L;
    }

    /** Offset of the bytes of the ring written by end {@code writerEnd}. */
    long ringData(int writerEnd) {
        return RINGS + writerEnd * capacity;
    }

    private static long endTable(int end) {
        return 64 + end * 128L;
    }

    private static long slot(int end, int index) {
        return endTable(end) + 8 + index * SLOT_SIZE;
    }

    boolean closedFlag(int end) {
        return Words.getInt(memory, endTable(end)) != 0;
    }

    /** This process holds one more reference to {@code end}; a deserialized handle also leaves flight. */
    void attach(int end, int senderPid) {
        withTable(() -> {
            long mine = slotFor(end, RobustMutex.MY_PID);
            Words.setInt(memory, mine + 4, Words.getInt(memory, mine + 4) + 1);
            if (senderPid != 0) {
                long sender = find(end, senderPid);
                if (sender >= 0 && Words.getInt(memory, sender + 8) > 0) {
                    Words.setInt(memory, sender + 8, Words.getInt(memory, sender + 8) - 1);
                }
            }
            Words.setInt(memory, endTable(end), 0);
        });
    }

    /** This process serializes a handle to {@code end}: it stays open until the handle is deserialized. */
    void handOut(int end) {
        withTable(() -> {
            long mine = slotFor(end, RobustMutex.MY_PID);
            Words.setInt(memory, mine + 8, Words.getInt(memory, mine + 8) + 1);
        });
    }

    /** This process drops one reference to {@code end}; wakes everyone when the end became closed. */
    void detach(int end) {
        boolean[] closed = new boolean[1];
        withTable(() -> {
            long mine = find(end, RobustMutex.MY_PID);
            if (mine >= 0 && Words.getInt(memory, mine + 4) > 0) {
                Words.setInt(memory, mine + 4, Words.getInt(memory, mine + 4) - 1);
            }
            closed[0] = !isHeld(end);
            if (closed[0]) {
                Words.setInt(memory, endTable(end), 1);
            }
        });
        wakeAll();
    }

    /** The slow, exact check: false when no live process holds or is being handed {@code end}. */
    boolean isOpen(int end) {
        if (closedFlag(end)) {
            return false;
        }
        boolean[] open = new boolean[1];
        withTable(() -> {
            open[0] = isHeld(end);
            if (!open[0]) {
                Words.setInt(memory, endTable(end), 1);
            }
        });
        return open[0];
    }

    void wakeAll() {
        for (int d = 0; d < 2; d++) {
            Futex.wake(memory, ringHeader(d) + TAIL, Integer.MAX_VALUE);
            Futex.wake(memory, ringHeader(d) + HEAD, Integer.MAX_VALUE);
        }
    }

    private boolean isHeld(int end) {
        for (int i = 0; i < SLOTS; i++) {
            long at = slot(end, i);
            int pid = Words.getInt(memory, at);
            if (pid != 0 && (Words.getInt(memory, at + 4) > 0 || Words.getInt(memory, at + 8) > 0)
                    && (pid == RobustMutex.MY_PID || RobustMutex.isAlive(pid))) {
                return true;
            }
        }
        return false;
    }

    private long find(int end, int pid) {
        for (int i = 0; i < SLOTS; i++) {
            if (Words.getInt(memory, slot(end, i)) == pid) {
                return slot(end, i);
            }
        }
        return -1;
    }

    private long slotFor(int end, int pid) {
        long found = find(end, pid);
        if (found >= 0) {
            return found;
        }
        for (int i = 0; i < SLOTS; i++) {
            long at = slot(end, i);
            int owner = Words.getInt(memory, at);
            boolean unused = Words.getInt(memory, at + 4) == 0 && Words.getInt(memory, at + 8) == 0;
            if (owner == 0 || unused || !RobustMutex.isAlive(owner)) {
                Words.setInt(memory, at, pid);
                Words.setInt(memory, at + 4, 0);
                Words.setInt(memory, at + 8, 0);
                return at;
            }
        }
        throw new IllegalStateException("more than " + SLOTS + " live processes hold the same end of pipe "
                + shared.name() + ": close the copies you no longer need");
    }

    private void withTable(Runnable action) {
        while (true) {
            try {
                mutex.lockUninterruptibly();
                break;
            } catch (LockOwnerDiedException e) {
                // The tables are updated one word at a time: a dead holder left them usable.
            }
        }
        try {
            action.run();
        } finally {
            mutex.unlock();
        }
    }

    /** Locks a ring-side mutex, recovering from a dead holder. */
    static void lock(RobustMutex mutex, Deadline deadline) throws InterruptedException {
        while (true) {
            try {
                mutex.lock(deadline);
                return;
            } catch (LockOwnerDiedException e) {
                // the dead process's partial message is the reader's problem: it sees EOF mid-message
            }
        }
    }
}
