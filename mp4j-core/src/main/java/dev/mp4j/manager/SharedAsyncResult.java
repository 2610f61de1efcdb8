package dev.mp4j.manager;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The result of a task held by a manager server: what {@link SharedPool#applyAsync} and
 * {@link SharedPool#mapAsync} return (Python's {@code AsyncResult} proxy).
 */
public interface SharedAsyncResult<R> {

    /** Waits for the result. @throws ExecutionException carrying the task's exception */
    R get() throws InterruptedException, ExecutionException;

    /** Waits at most {@code timeout}. @throws TimeoutException when it is not ready by then */
    R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /** Python's {@code wait(timeout)}: true when the result is ready within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException;

    /** True once the task has completed. */
    boolean ready();

    /**
     * True when it completed without an exception.
     *
     * @throws IllegalStateException when it is not ready (Python's ValueError)
     */
    boolean successful();
}
