package dev.mp4j.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@code imap}/{@code imapUnordered} and {@link PoolExecutor#map}, as they become
 * available (Python's {@code IMapIterator}). {@link #next()} blocks until the next result is
 * ready; a task that failed is thrown at its position as a
 * {@link java.util.concurrent.CompletionException} whose cause is the task's exception, and so is
 * an exception the input's iterator threw, at the position where it threw it.
 *
 * <p>The input is read lazily, ahead of the consumer by at most {@link MapOptions#readAhead()}
 * chunks; {@link #close()} stops reading it and cancels the chunks no worker has taken (needed
 * only to leave an infinite or unwanted input early). One consumer thread at a time.
 *
 * @param <R> the type of the results
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {

    /**
     * Like {@link #next()}, waiting at most {@code timeout} (Python's {@code next(timeout)} of an
     * {@code IMapIterator}).
     *
     * @param timeout how long to wait
     * @return the next result
     * @throws TimeoutException when no result is ready in time (the iterator stays usable;
     *         Python's {@code multiprocessing.TimeoutError})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws java.util.NoSuchElementException when there are no more results
     * @throws java.util.concurrent.CompletionException when the task at this position failed
     *         (its cause is the task's exception) or the input's iterator threw here
     */
    R next(Duration timeout) throws TimeoutException, InterruptedException;

    /**
     * Stops reading the input (the thread reading it is interrupted, so an input blocked in an
     * interruptible wait ends too) and cancels the chunks no worker has taken yet; chunks already
     * running finish and their results are dropped. {@link #hasNext()} is false afterwards.
     * Idempotent.
     */
    @Override
    void close();
}
