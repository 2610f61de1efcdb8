package dev.mp4j;

import java.util.OptionalInt;

/**
 * A child JVM could not start: it exited before running mp4j's code (a class path that lacks mp4j
 * or the application, a JVM option it refused, no memory), or it did not connect back in time.
 * The message quotes the end of what the child printed on its standard error, which names the
 * cause, and says what to change.
 *
 * <p>A pool whose workers fail to start several times in a row becomes broken: its calls fail with
 * a {@link dev.mp4j.pool.BrokenPoolException} whose cause is this exception.
 */
public final class ProcessStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final boolean exited;
    private final String stderrTail;

    /**
     * @param exitCode   the child's exit status (Python's convention: {@code -N} for signal N), when it exited
     * @param exited     whether the child exited (false: it was killed for not connecting back in time)
     * @param stderrTail the last lines the child wrote to its standard error, possibly empty
     */
    public ProcessStartException(String message, int exitCode, boolean exited, String stderrTail) {
        super(message);
        this.exitCode = exitCode;
        this.exited = exited;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    /** The child's exit status, when it exited by itself. */
    public OptionalInt exitCode() {
        return exited ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /** The last lines the child wrote to its standard error before it ended (at most a few KiB). */
    public String stderrTail() {
        return stderrTail;
    }
}
