package dev.mp4j.internal.queue;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free multi-producer multi-consumer FIFO of byte records in one shared segment:
 * the body of every cross-process queue. Dmitry Vyukov's bounded MPMC queue, extended to records
 * that span several consecutive slots.
 *
 * <p>Layout: a header, an array of {@code n} slot sequence numbers (longs), and {@code n} data
 * slots of {@value #SLOT} bytes ({@code n} a power of two). Positions {@code tail} and
 * {@code head} only grow. Slot {@code p mod n} is free for position {@code p} when its sequence is
 * {@code p}, and holds a published record start when it is {@code p + 1}. A producer checks that
 * the {@code k} slots it needs are free, claims them with one CAS on {@code tail}, copies
 * {@code [int length][bytes]} into them, then publishes: the later slots' sequences first, the
 * first slot's last, with a volatile store. A consumer whose {@code head} slot is published reads the
 * length, claims the record with one CAS on {@code head}, copies it out, and frees the slots
 * (sequence {@code p + n}). Producers and consumers touch separate cache lines except for the
 * slots they hand over.
 *
 * <p>Waiting: a side that finds the ring empty (or full) spins briefly, then registers as a
 * sleeper, reads the not-empty (not-full) futex word, re-checks, and sleeps. The other side, after
 * its volatile publication, reads the sleeper count and only then bumps the futex word and wakes:
 * both orders are sequentially consistent, so no wake-up is lost and nobody makes a system call
 * while nobody sleeps. Producers waiting for room are woken once per eighth of the ring freed (or
 * when it empties), not once per get, so a full ring costs one system call per batch rather than
 * per item. {@code maxsize} is a shared permit count, woken per get; {@code qsize} is
 * {@code puts - gets}, a moment ago. Joinable queues count unfinished tasks in the header.
 *
 * <p>An item that does not fit the ring (or would take more than a quarter of it, from
 * {@value #OUT_OF_LINE_MIN} bytes) travels {@link OutOfLineItems out of line}, in a file of its own,
 * with a reference to it in the ring ({@link #putOutOfLine}); {@link ItemCodec} decides and reads
 * references back.
 *
 * <p>As in Python, a process killed in the middle of a put or get can leave the queue corrupted or
 * blocked: kill workers only when the queue is no longer needed.
 */
public final class SharedRing {
    static final int SLOT = 16;
    private static final long SLOTS = 0;
    private static final long MAXSIZE = 8;
    private static final long TAIL = 64;
    private static final long PUTS = 72;
    private static final long HEAD = 128;
    private static final long GETS = 136;
    private static final long PERMITS = 192;
    private static final long UNFINISHED = 256;
    private static final long NOT_EMPTY = 320;
    private static final long EMPTY_SLEEPERS = 324;
    private static final long NOT_FULL = 384;
    private static final long FULL_SLEEPERS = 388;
    private static final long ALL_DONE = 448;
    private static final long DONE_SLEEPERS = 452;
    private static final long PERMIT_FREED = 456;
    private static final long PERMIT_SLEEPERS = 460;
    static final long SEQUENCES = 512;
    private static final int SPINS = 1000;
    /** Items up to this size always travel in the ring when they fit. */
    static final int OUT_OF_LINE_MIN = 64 * 1024;
    private static final ValueLayout.OfInt LENGTH = ValueLayout.JAVA_INT_UNALIGNED;

    private final SharedSegment shared;
    private final MemorySegment memory;
    private final long slots;
    private final long mask;
    private final long data;
    private final int maxsize;
    private final long wakeBatchMask;
    private final OutOfLineItems large;

    private SharedRing(SharedSegment shared, OutOfLineItems large) {
        this.shared = shared;
        this.large = large;
        this.memory = shared.segment();
        this.slots = Words.getLong(memory, SLOTS);
        this.mask = slots - 1;
        this.data = SEQUENCES + slots * 8;
        this.maxsize = Words.getInt(memory, MAXSIZE);
        this.wakeBatchMask = Math.max(1, slots / 8) - 1;
    }

    public static SharedRing create(int maxsize, int bufferBytes) {
        if (bufferBytes < 64) {
            throw new IllegalArgumentException("queue buffer must be at least 64 bytes, not " + bufferBytes);
        }
        long slots = Long.highestOneBit(bufferBytes / SLOT);
        String name = SharedSegment.generateName();
        OutOfLineItems large = OutOfLineItems.create(name);
        SharedSegment shared;
        try {
            shared = SharedSegment.create(name, SEQUENCES + slots * 8 + slots * SLOT);
        } catch (RuntimeException e) {
            OutOfLineItems.deleteTree(large.directory());
            throw e;
        }
        MemorySegment memory = shared.segment();
        Words.setLong(memory, SLOTS, slots);
        Words.setInt(memory, MAXSIZE, Math.max(0, maxsize));
        Words.setInt(memory, PERMITS, Math.max(0, maxsize));
        for (long i = 0; i < slots; i++) {
            Words.setLongPlain(memory, SEQUENCES + i * 8, i);
        }
        Words.setLong(memory, TAIL, 0);
        SharedRing ring = new SharedRing(shared, large);
        large.removeWith(ring);
        return ring;
    }

    public static SharedRing open(String name) {
        return new SharedRing(SharedSegment.open(name), OutOfLineItems.open(name));
    }

    /** The position of the oldest record: it only grows, once per take. */
    public long head() {
        return Words.getLong(memory, HEAD);
    }

    /** Where this queue's large items are stored (for tests). */
    public OutOfLineItems outOfLineItems() {
        return large;
    }

    /** True when an item of {@code itemBytes} travels out of line: it does not fit, or would fill a quarter from 64 KiB. */
    public boolean carriesOutOfLine(int itemBytes) {
        long record = itemBytes + 4L;
        return (record + SLOT - 1) / SLOT > slots || (itemBytes > OUT_OF_LINE_MIN && record > slots * SLOT / 4);
    }

    /**
     * Stores {@code length} bytes of {@code bytes} from {@code offset} out of line and appends a
     * reference to them; the file is removed again when the deadline expires with the queue full.
     *
     * @param raw whether the bytes are a {@code byte[]} item as it is rather than an encoded item
     */
    public boolean putOutOfLine(byte[] bytes, int offset, int length, boolean raw, boolean task, Deadline deadline)
            throws InterruptedException {
        byte[] reference = large.store(bytes, offset, length, raw ? OutOfLineItems.RAW_BYTES : OutOfLineItems.ENCODED);
        boolean put = false;
        try {
            put = put(reference, reference.length, task, deadline);
            return put;
        } finally {
            if (!put) {
                large.discard(reference);
            }
        }
    }

    public String name() {
        return shared.name();
    }

    public int maxsize() {
        return maxsize;
    }

    private long sequence(long position) {
        return SEQUENCES + (position & mask) * 8;
    }

    /**
     * Appends {@code record} (its first 4 bytes are reserved for the length) before the deadline.
     *
     * @param task whether to count an unfinished task (joinable queues)
     * @return false when the deadline expired with the queue full
     */
    public boolean put(byte[] record, int length, boolean task, Deadline deadline) throws InterruptedException {
        long needed = (length + SLOT - 1) / SLOT;
        if (needed > slots) {
            throw new IllegalArgumentException("a record of " + (length - 4) + " bytes does not fit the queue's "
                    + slots * SLOT + "-byte buffer (ItemCodec carries such items out of line)");
        }
        if (maxsize > 0 && !takePermit(deadline)) {
            return false;
        }
        long tail;
        while (true) {
            tail = Words.getLong(memory, TAIL);
            long free = freeSlotsAt(tail, needed);
            if (free == needed) {
                if (Words.casLong(memory, TAIL, tail, tail + needed)) {
                    break;
                }
            } else if (free < 0) {
                if (!awaitSpace(tail, needed, deadline)) {
                    if (maxsize > 0) {
                        returnPermit();
                    }
                    return false;
                }
            }
        }
        memory.set(LENGTH, slotData(tail), length - 4);
        copyIn(tail, record, length);
        Words.getAndAddLong(memory, PUTS, 1);
        if (task) {
            Words.getAndAddInt(memory, UNFINISHED, 1);
        }
        for (long j = needed - 1; j > 0; j--) {
            Words.setLongRelease(memory, sequence(tail + j), tail + j + 1);
        }
        Words.setLong(memory, sequence(tail), tail + 1);
        if (Words.getInt(memory, EMPTY_SLEEPERS) > 0) {
            Words.getAndAddInt(memory, NOT_EMPTY, 1);
            Futex.wake(memory, NOT_EMPTY, 1);
        }
        return true;
    }

    /** {@code needed} when all slots from {@code tail} are free, -1 when the ring is full there, 0 when tail moved. */
    private long freeSlotsAt(long tail, long needed) {
        for (long j = 0; j < needed; j++) {
            long sequence = Words.getLong(memory, sequence(tail + j));
            long difference = sequence - (tail + j);
            if (difference < 0) {
                return -1;
            }
            if (difference > 0) {
                return 0;
            }
        }
        return needed;
    }

    private long slotData(long position) {
        return data + (position & mask) * SLOT;
    }

    private void copyIn(long position, byte[] record, int length) {
        long at = (position & mask) * SLOT;
        long ringBytes = slots * SLOT;
        int first = (int) Math.min(length - 4, ringBytes - at - 4);
        if (first >= 0) {
            MemorySegment.copy(record, 4, memory, ValueLayout.JAVA_BYTE, data + at + 4, first);
            if (first < length - 4) {
                MemorySegment.copy(record, 4 + first, memory, ValueLayout.JAVA_BYTE, data, length - 4 - first);
            }
        }
    }

    private boolean takePermit(Deadline deadline) throws InterruptedException {
        int spins = 0;
        while (true) {
            int permits = Words.getInt(memory, PERMITS);
            if (permits > 0) {
                if (Words.casInt(memory, PERMITS, permits, permits - 1)) {
                    return true;
                }
                continue;
            }
            if (deadline.expired()) {
                return false;
            }
            if (spins++ < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            sleep(PERMIT_FREED, PERMIT_SLEEPERS, deadline, () -> Words.getInt(memory, PERMITS) > 0);
        }
    }

    private void returnPermit() {
        Words.getAndAddInt(memory, PERMITS, 1);
        wakeIfSleeping(PERMIT_FREED, PERMIT_SLEEPERS, 1);
    }

    private boolean awaitSpace(long tail, long needed, Deadline deadline) throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (freeSlotsAt(tail, needed) >= 0) {
                return true;
            }
        }
        if (deadline.expired()) {
            return false;
        }
        sleep(NOT_FULL, FULL_SLEEPERS, deadline, () -> freeSlotsAt(tail, needed) >= 0);
        return true;
    }

    /** Removes the oldest record before the deadline; null when it expired with the queue empty. */
    public byte[] take(Deadline deadline) throws InterruptedException {
        int spins = 0;
        while (true) {
            long head = Words.getLong(memory, HEAD);
            long difference = Words.getLong(memory, sequence(head)) - (head + 1);
            if (difference == 0) {
                int length = memory.get(LENGTH, slotData(head));
                if (length < 0 || length > slots * SLOT - 4) {
                    if (Words.getLong(memory, HEAD) != head || Words.getLong(memory, sequence(head)) != head + 1) {
                        continue; // another consumer took this record while we read its length
                    }
                    throw new IllegalStateException("queue " + shared.name() + " is corrupt: the record at position "
                            + head + " announces " + length + " bytes in a ring of " + slots * SLOT
                            + " bytes (refused before allocation); a process wrote into the segment outside mp4j:"
                            + " discard this queue and create a new one");
                }
                long needed = (length + 4L + SLOT - 1) / SLOT;
                if (Words.casLong(memory, HEAD, head, head + needed)) {
                    byte[] item = copyOut(head, length);
                    for (long j = 0; j < needed; j++) {
                        Words.setLongRelease(memory, sequence(head + j), head + j + slots);
                    }
                    Words.getAndAddLong(memory, GETS, 1);
                    if (maxsize > 0) {
                        Words.getAndAddInt(memory, PERMITS, 1);
                    }
                    VarHandle.fullFence();
                    if (maxsize > 0) {
                        wakeIfSleeping(PERMIT_FREED, PERMIT_SLEEPERS, 1);
                    }
                    long freed = head + needed;
                    if ((freed & wakeBatchMask) < needed || freed == Words.getLong(memory, TAIL)) {
                        wakeIfSleeping(NOT_FULL, FULL_SLEEPERS, Integer.MAX_VALUE);
                    }
                    return item;
                }
            } else if (difference < 0) {
                if (deadline.expired()) {
                    return null;
                }
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                    continue;
                }
                long seen = head;
                sleep(NOT_EMPTY, EMPTY_SLEEPERS, deadline,
                        () -> Words.getLong(memory, sequence(seen)) == seen + 1 || Words.getLong(memory, HEAD) != seen);
            }
        }
    }

    private byte[] copyOut(long position, int length) {
        byte[] item = new byte[length];
        long at = (position & mask) * SLOT + 4;
        long ringBytes = slots * SLOT;
        int first = (int) Math.min(length, ringBytes - at);
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, data + at, item, 0, first);
        if (first < length) {
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, data, item, first, length - first);
        }
        return item;
    }

    /** The oldest record without removing it, or null when empty. */
    public byte[] peek() {
        while (true) {
            long head = Words.getLong(memory, HEAD);
            if (Words.getLong(memory, sequence(head)) != head + 1) {
                if (Words.getLong(memory, HEAD) == head) {
                    return null;
                }
                continue;
            }
            int length = memory.get(LENGTH, slotData(head));
            if (length < 0 || length > slots * SLOT) {
                continue;
            }
            byte[] item = copyOut(head, length);
            VarHandle.fullFence();
            if (Words.getLong(memory, HEAD) == head) {
                return item;
            }
        }
    }

    /** Marks one task done (joinable queues). @throws IllegalStateException when none is unfinished */
    public void taskDone() {
        while (true) {
            int unfinished = Words.getInt(memory, UNFINISHED);
            if (unfinished <= 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            if (Words.casInt(memory, UNFINISHED, unfinished, unfinished - 1)) {
                if (unfinished == 1) {
                    wakeIfSleeping(ALL_DONE, DONE_SLEEPERS, Integer.MAX_VALUE);
                }
                return;
            }
        }
    }

    /** Waits until every task put has been marked done; false when the deadline expired first. */
    public boolean join(Deadline deadline) throws InterruptedException {
        while (Words.getInt(memory, UNFINISHED) > 0) {
            if (deadline.expired()) {
                return false;
            }
            sleep(ALL_DONE, DONE_SLEEPERS, deadline, () -> Words.getInt(memory, UNFINISHED) == 0);
        }
        return true;
    }

    public int size() {
        long gets = Words.getLong(memory, GETS);
        long puts = Words.getLong(memory, PUTS);
        return (int) Math.max(0, puts - gets);
    }

    public int unfinishedTasks() {
        return Words.getInt(memory, UNFINISHED);
    }

    public boolean isFull() {
        return maxsize > 0 && size() >= maxsize;
    }

    private void wakeIfSleeping(long word, long sleepers, int count) {
        if (Words.getInt(memory, sleepers) > 0) {
            Words.getAndAddInt(memory, word, 1);
            Futex.wake(memory, word, count);
        }
    }

    /** Registers as a sleeper on {@code word}, re-checks {@code ready}, sleeps one slice at most. */
    private void sleep(long word, long sleepers, Deadline deadline, java.util.function.BooleanSupplier ready)
            throws InterruptedException {
        Words.getAndAddInt(memory, sleepers, 1);
        try {
            int seen = Words.getInt(memory, word);
            if (!ready.getAsBoolean()) {
                Futex.wait(memory, word, seen, deadline.sliceNanos());
            }
        } finally {
            Words.getAndAddInt(memory, sleepers, -1);
        }
        Deadline.checkInterrupt();
    }
}
