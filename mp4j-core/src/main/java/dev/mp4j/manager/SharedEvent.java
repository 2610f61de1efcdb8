package dev.mp4j.manager;

import java.time.Duration;

/**
 * A flag held by a manager server ({@code manager.Event()}): threads of any process wait until it
 * is set.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedEvent {

    /** Sets the flag and wakes every waiter (Python's {@code set()}). */
    void set();

    /** Resets the flag (Python's {@code clear()}). */
    void clear();

    /**
     * Python's {@code is_set()}.
     *
     * @return true when the flag is set
     */
    boolean isSet();

    /**
     * Waits until the flag is set (Python's {@code wait()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the flag (Python's {@code wait(timeout)}).
     *
     * @param timeout how long to wait
     * @return the flag: true if it was set in time
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    boolean await(Duration timeout) throws InterruptedException;
}
