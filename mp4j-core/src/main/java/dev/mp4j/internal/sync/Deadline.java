package dev.mp4j.internal.sync;

import java.time.Duration;

/**
 * A point in {@link System#nanoTime()} time by which a blocking operation gives up, or never.
 * Blocking waits sleep in slices of at most {@link #SLICE_NANOS} so that interrupts and dead
 * peers are noticed even though the kernel's futex knows nothing of either.
 */
public final class Deadline {
    public static final long SLICE_NANOS = 50_000_000L;
    private static final long NEVER = Long.MIN_VALUE;
    private final long at;

    private Deadline(long at) {
        this.at = at;
    }

    public static Deadline never() {
        return new Deadline(NEVER);
    }

    /** {@code null} means never; zero or negative means "do not block". */
    public static Deadline after(Duration timeout) {
        if (timeout == null) {
            return never();
        }
        return afterNanos(timeout.isNegative() ? 0 : saturatedNanos(timeout));
    }

    public static Deadline afterNanos(long nanos) {
        return new Deadline(System.nanoTime() + Math.max(0, nanos));
    }

    /** Python's {@code (blocking, timeout)} pair: not blocking means an expired deadline. */
    public static Deadline of(boolean blocking, Duration timeout) {
        return blocking ? after(timeout) : afterNanos(0);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    public boolean isNever() {
        return at == NEVER;
    }

    /** Nanoseconds left, {@code Long.MAX_VALUE} when never, zero or less once expired. */
    public long remainingNanos() {
        return at == NEVER ? Long.MAX_VALUE : at - System.nanoTime();
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /** The next sleep: the remaining time capped at one slice. */
    public long sliceNanos() {
        return Math.min(SLICE_NANOS, remainingNanos());
    }

    /** Throws if the current thread was interrupted (clearing the flag, as JUC does). */
    public static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
