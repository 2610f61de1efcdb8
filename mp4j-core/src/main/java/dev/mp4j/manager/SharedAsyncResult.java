package dev.mp4j.manager;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The result of a task held by a manager server: what {@link SharedPool#applyAsync} and
 * {@link SharedPool#mapAsync} return (Python's {@code AsyncResult} proxy).
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <R> the type of the result
 */
public interface SharedAsyncResult<R> {

    /**
     * Waits for the result (Python's {@code get()}).
     *
     * @return the result
     * @throws ExecutionException carrying the task's exception
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    R get() throws InterruptedException, ExecutionException;

    /**
     * Waits at most {@code timeout} for the result (Python's {@code get(timeout)}).
     *
     * @param timeout how long to wait
     * @return the result
     * @throws TimeoutException when it is not ready by then (Python's {@code TimeoutError})
     * @throws ExecutionException carrying the task's exception
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Python's {@code wait(timeout)}: waits at most {@code timeout} for the result.
     *
     * @param timeout how long to wait
     * @return true when the result is ready within {@code timeout}
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Python's {@code ready()}.
     *
     * @return true once the task has completed
     */
    boolean ready();

    /**
     * Python's {@code successful()}: whether it completed without an exception.
     *
     * @return true for a result, false for an exception
     * @throws IllegalStateException when it is not ready (Python's ValueError)
     */
    boolean successful();
}
