package dev.mp4j.internal.pipe;

import dev.mp4j.connection.Connection;
import dev.mp4j.internal.shm.Words;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes into a pipe's shared memory the way a hostile or broken process of the same user could:
 * the pipe must refuse what it finds rather than trust it.
 */
public final class PipeTamper {
    private static final ValueLayout.OfInt BIG_ENDIAN_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private PipeTamper() {
    }

    /** Appends a bare message header announcing {@code length} bytes to what {@code writer} sends. */
    public static void forgeHeader(Connection writer, int length) throws ReflectiveOperationException {
        PipeConnection end = (PipeConnection) writer;
        var pipeField = PipeConnection.class.getDeclaredField("pipe");
        pipeField.setAccessible(true);
        var endField = PipeConnection.class.getDeclaredField("end");
        endField.setAccessible(true);
        PipeSegment pipe = (PipeSegment) pipeField.get(end);
        int writerEnd = endField.getInt(end);
        MemorySegment memory = pipe.memory;
        long header = PipeSegment.ringHeader(writerEnd);
        long tail = Words.getLong(memory, header + PipeSegment.TAIL);
        long at = tail % pipe.capacity;
        if (at + 4 > pipe.capacity) {
            throw new IllegalStateException("test setup: the header would wrap; send fewer bytes first");
        }
        memory.set(BIG_ENDIAN_INT, pipe.ringData(writerEnd) + at, length);
        Words.setLong(memory, header + PipeSegment.TAIL, tail + 4);
    }
}
