package dev.mp4j.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous pool call (Python's {@code AsyncResult}), and a
 * {@link CompletableFuture}: compose it, join it, or use Python's {@link #ready()},
 * {@link #successful()} and {@link #get(Duration)}.
 *
 * <p>Completed exactly once, by the pool, from a pool thread; callbacks attached with the
 * {@code CompletableFuture} methods run on that thread unless an executor is given.
 */
public final class AsyncResult<R> extends CompletableFuture<R> {

    /** True once the call has completed (successfully or not). */
    public boolean ready() {
        return isDone();
    }

    /**
     * True when the call completed without an exception.
     *
     * @throws IllegalStateException if it has not completed yet (Python raises ValueError)
     */
    public boolean successful() {
        if (!isDone()) {
            throw new IllegalStateException("result is not ready: call successful() after ready() is true");
        }
        return !isCompletedExceptionally();
    }

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @throws TimeoutException when it is not ready in time (Python's multiprocessing.TimeoutError)
     * @throws ExecutionException when the call failed; its cause is the task's exception
     */
    public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
