package dev.mp4j.manager;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A manager server did not answer a proxy call, nor show that it was still working on it, within
 * the call timeout ({@link Manager#connect(dev.mp4j.connection.Address, byte[], Duration)},
 * {@link Manager.Builder#callTimeout(Duration)}, {@code -Dmp4j.managerCallTimeoutMillis}): its
 * process is stopped (SIGSTOP), frozen, or starved. A call that merely blocks inside a live server
 * (a {@code take()} on an empty queue) never ends this way: the server keeps it alive.
 *
 * <p>The connection the call used is closed; the call may still complete in the server if it
 * resumes. An {@link UncheckedIOException}, as a server that is gone is reported.
 */
public final class ManagerTimeoutException extends UncheckedIOException {
    /** The call timeout that expired. */
    private final Duration timeout;

    /**
     * Creates the exception; its cause is a {@link SocketTimeoutException} with the same message.
     *
     * @param message which server did not answer which call
     * @param timeout the call timeout that expired
     */
    public ManagerTimeoutException(String message, Duration timeout) {
        super(message, new SocketTimeoutException(message));
        this.timeout = timeout;
    }

    /**
     * The call timeout that expired.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
