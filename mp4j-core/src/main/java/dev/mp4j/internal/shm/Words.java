package dev.mp4j.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Atomic and volatile access to aligned int and long words of a (shared) memory segment.
 *
 * <p>Every operation here is a VarHandle access mode on the segment. Volatile and atomic modes are
 * sequentially consistent across processes that map the same file, exactly as between threads:
 * the hardware does not know that the other accessor lives in another JVM.
 */
public final class Words {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private Words() {
    }

    public static int getInt(MemorySegment s, long offset) {
        return (int) INT.getVolatile(s, offset);
    }

    public static int getIntPlain(MemorySegment s, long offset) {
        return (int) INT.get(s, offset);
    }

    public static void setInt(MemorySegment s, long offset, int value) {
        INT.setVolatile(s, offset, value);
    }

    public static void setIntPlain(MemorySegment s, long offset, int value) {
        INT.set(s, offset, value);
    }

    public static void setIntRelease(MemorySegment s, long offset, int value) {
        INT.setRelease(s, offset, value);
    }

    public static boolean casInt(MemorySegment s, long offset, int expected, int value) {
        return INT.compareAndSet(s, offset, expected, value);
    }

    public static int getAndAddInt(MemorySegment s, long offset, int delta) {
        return (int) INT.getAndAdd(s, offset, delta);
    }

    public static int getAndSetInt(MemorySegment s, long offset, int value) {
        return (int) INT.getAndSet(s, offset, value);
    }

    public static long getLong(MemorySegment s, long offset) {
        return (long) LONG.getVolatile(s, offset);
    }

    public static long getLongAcquire(MemorySegment s, long offset) {
        return (long) LONG.getAcquire(s, offset);
    }

    public static long getLongPlain(MemorySegment s, long offset) {
        return (long) LONG.get(s, offset);
    }

    public static void setLong(MemorySegment s, long offset, long value) {
        LONG.setVolatile(s, offset, value);
    }

    public static void setLongPlain(MemorySegment s, long offset, long value) {
        LONG.set(s, offset, value);
    }

    public static void setLongRelease(MemorySegment s, long offset, long value) {
        LONG.setRelease(s, offset, value);
    }

    public static boolean casLong(MemorySegment s, long offset, long expected, long value) {
        return LONG.compareAndSet(s, offset, expected, value);
    }

    public static long getAndAddLong(MemorySegment s, long offset, long delta) {
        return (long) LONG.getAndAdd(s, offset, delta);
    }

    public static long getAndSetLong(MemorySegment s, long offset, long value) {
        return (long) LONG.getAndSet(s, offset, value);
    }
}
