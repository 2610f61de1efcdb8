package dev.mp4j.internal.queue;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Opens a queue's segment by name, as any process of the same user can, and overwrites the length
 * of the oldest record: the queue must refuse the lie rather than allocate or copy on its strength.
 */
public final class RingTamper {
    private RingTamper() {
    }

    public static void forgeOldestLength(String ringName, int length) {
        MemorySegment memory = SharedSegment.open(ringName).segment();
        long slots = Words.getLong(memory, 0);
        long head = Words.getLong(memory, 128);
        long data = SharedRing.SEQUENCES + slots * 8;
        memory.set(ValueLayout.JAVA_INT_UNALIGNED, data + (head & (slots - 1)) * SharedRing.SLOT, length);
    }

    /** Overwrites byte {@code index} of the oldest record's payload. */
    public static void forgeOldestPayloadByte(String ringName, int index, byte value) {
        MemorySegment memory = SharedSegment.open(ringName).segment();
        long slots = Words.getLong(memory, 0);
        long head = Words.getLong(memory, 128);
        long data = SharedRing.SEQUENCES + slots * 8;
        long at = ((head & (slots - 1)) * SharedRing.SLOT + 4 + index) % (slots * SharedRing.SLOT);
        memory.set(ValueLayout.JAVA_BYTE, data + at, value);
    }
}
