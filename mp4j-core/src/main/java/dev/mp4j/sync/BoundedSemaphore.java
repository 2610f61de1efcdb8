package dev.mp4j.sync;

import dev.mp4j.internal.shm.SharedSegment;

/**
 * A semaphore that refuses to grow past its initial value: Python's {@code BoundedSemaphore}.
 * A release that would do so throws {@link IllegalStateException} ("Semaphore released too many
 * times") and changes nothing.
 *
 * <p>Robust by default, beyond Python: the permits of a process that dies holding them come back
 * (see {@link Semaphore}); {@code create(value, false)} gives Python's plain behaviour, where they
 * are lost. Thread-safe and process-safe, as {@link Semaphore}.
 */
public final class BoundedSemaphore extends Semaphore {

    BoundedSemaphore(SharedSegment segment) {
        super(segment);
    }

    /**
     * A robust bounded semaphore with {@code value} permits, which is also its bound (Python's
     * {@code BoundedSemaphore(value)}).
     *
     * @param value the initial and maximum number of permits, 0 or more
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static BoundedSemaphore create(int value) {
        return create(value, true);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also its bound; robust or not.
     *
     * @param value  the initial and maximum number of permits, 0 or more
     * @param robust whether permits held by a dead process come back
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static BoundedSemaphore create(int value, boolean robust) {
        return new BoundedSemaphore(newSegment(value, value, robust));
    }

    /**
     * A robust bounded semaphore with one permit (Python's {@code BoundedSemaphore()}).
     *
     * @return the semaphore
     */
    public static BoundedSemaphore create() {
        return create(1);
    }
}
