package dev.mp4j.pool;

import java.time.Duration;

/**
 * A task ran longer than its per-task timeout. On {@code Engine.PROCESSES} the worker running it
 * was killed and replaced; on the thread engines its thread was interrupted (a thread cannot be
 * killed) and a new thread took its place.
 */
public final class TaskTimeoutException extends RuntimeException {
    private final Duration timeout;

    public TaskTimeoutException(Duration timeout, String detail) {
        super("task did not finish within its timeout of " + timeout + (detail == null ? "" : ": " + detail));
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
