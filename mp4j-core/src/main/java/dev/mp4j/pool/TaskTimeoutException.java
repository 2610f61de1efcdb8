package dev.mp4j.pool;

import java.time.Duration;

/**
 * A task ran longer than its per-task timeout. On {@code Engine.PROCESSES} the worker running it
 * was killed and replaced; on the thread engines its thread was interrupted (a thread cannot be
 * killed) and a new thread took its place.
 */
public final class TaskTimeoutException extends RuntimeException {
    /** The limit the task exceeded. */
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param timeout the limit the task exceeded
     * @param detail  what was done about it (the worker killed), or null
     */
    public TaskTimeoutException(Duration timeout, String detail) {
        super("task did not finish within its timeout of " + timeout + (detail == null ? "" : ": " + detail));
        this.timeout = timeout;
    }

    /**
     * The limit the task exceeded, as given in {@link MapOptions#withTimeout}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
