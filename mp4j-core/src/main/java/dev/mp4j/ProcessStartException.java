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

    /** The child's exit status; meaningless unless {@link #exited}. */
    private final int exitCode;
    /** Whether the child exited by itself (false: killed for not connecting back in time). */
    private final boolean exited;
    /** The end of the child's standard error, never null. */
    private final String stderrTail;

    /**
     * Creates the exception.
     *
     * @param message    what failed and what to change
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

    /**
     * The child's exit status, when it exited by itself (Python's {@code Process.exitcode}).
     *
     * @return the status, {@code -N} when signal N ended it; empty when mp4j killed it for not
     *         connecting back in time
     */
    public OptionalInt exitCode() {
        return exited ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /**
     * The last lines the child wrote to its standard error before it ended (at most a few KiB):
     * where the JVM says why it could not start ({@code Could not find or load main class ...},
     * {@code Unrecognized option ...}).
     *
     * @return the text, empty when the child wrote nothing
     */
    public String stderrTail() {
        return stderrTail;
    }
}
