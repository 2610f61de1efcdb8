package dev.mp4j.manager;

import java.time.Duration;

/**
 * A counting semaphore held by a manager server ({@code manager.Semaphore(n)}, or
 * {@code manager.BoundedSemaphore(n)} whose {@link #release()} above the initial count throws
 * {@link IllegalStateException}, as Python raises ValueError).
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedSemaphore {

    /**
     * Takes a permit, waiting for one (Python's {@code acquire()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit if one is available now (Python's {@code acquire(False)}).
     *
     * @return true when a permit was taken
     */
    boolean tryAcquire();

    /**
     * Takes a permit, waiting at most {@code timeout} (Python's {@code acquire(timeout=t)}).
     *
     * @param timeout how long to wait
     * @return true when a permit was taken
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Adds a permit (Python's {@code release()}).
     *
     * @throws IllegalStateException for a bounded semaphore already at its bound
     */
    void release();

    /**
     * Python's {@code get_value()}.
     *
     * @return the number of permits available now
     */
    int availablePermits();
}
