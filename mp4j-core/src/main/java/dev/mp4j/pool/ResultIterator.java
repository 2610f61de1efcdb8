package dev.mp4j.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@code imap}/{@code imapUnordered}, as they become available (Python's
 * {@code IMapIterator}). {@link #next()} blocks until the next result is ready; a task that failed
 * is thrown at its position as a {@link java.util.concurrent.CompletionException} whose cause is
 * the task's exception. One consumer thread at a time.
 */
public interface ResultIterator<R> extends Iterator<R> {

    /**
     * Like {@link #next()}, waiting at most {@code timeout}.
     *
     * @throws TimeoutException when no result is ready in time (the iterator stays usable)
     */
    R next(Duration timeout) throws TimeoutException, InterruptedException;
}
