package dev.mp4j.pool;

/**
 * A pool that can no longer run tasks: its worker processes could not start, or (in the opt-in
 * broken-pool mode) a worker died abruptly. Python's {@code concurrent.futures.process.BrokenProcessPool}.
 * Every pending and later call of a broken pool fails with this exception.
 */
public final class BrokenPoolException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the pool broke
     * @param cause   the first failure: a {@link dev.mp4j.ProcessStartException}, a
     *                {@link WorkerDiedException}, the initializer's exception
     */
    public BrokenPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
