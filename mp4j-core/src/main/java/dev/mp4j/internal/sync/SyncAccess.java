package dev.mp4j.internal.sync;

import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.sync.Lock;

import java.util.function.BiFunction;

/**
 * Lets other mp4j packages build a {@link Lock} inside a segment they own (a {@code Value}'s lock
 * shares its value's cache line) without a public constructor. {@code Lock} registers its factory
 * when its class initializes.
 */
public final class SyncAccess {
    private static volatile BiFunction<SharedSegment, Long, Lock> lockFactory;

    private SyncAccess() {
    }

    public static void registerLockFactory(BiFunction<SharedSegment, Long, Lock> factory) {
        lockFactory = factory;
    }

    /** A lock whose mutex word is at {@code offset} of {@code segment} (4 bytes, int-aligned). */
    public static Lock lockAt(SharedSegment segment, long offset) {
        if (lockFactory == null) {
            try {
                Class.forName(Lock.class.getName(), true, Lock.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return lockFactory.apply(segment, offset);
    }
}
