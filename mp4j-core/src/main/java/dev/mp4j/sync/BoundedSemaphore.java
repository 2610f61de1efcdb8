package dev.mp4j.sync;

import dev.mp4j.internal.shm.SharedSegment;

/**
 * A semaphore that refuses to grow past its initial value: Python's {@code BoundedSemaphore}.
 * A release that would do so throws {@link IllegalStateException} ("Semaphore released too many
 * times") and changes nothing.
 */
public final class BoundedSemaphore extends Semaphore {

    BoundedSemaphore(SharedSegment segment) {
        super(segment);
    }

    /** A bounded semaphore with {@code value} permits, which is also its bound. */
    public static BoundedSemaphore create(int value) {
        return new BoundedSemaphore(newSegment(value, value));
    }

    public static BoundedSemaphore create() {
        return create(1);
    }
}
