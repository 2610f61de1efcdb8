package dev.mp4j.manager;

import java.time.Duration;

/**
 * A FIFO queue held by a manager server ({@code manager.Queue()} / {@code manager.JoinableQueue()}
 * in Python; both count unfinished tasks, as Python's {@code queue.Queue} does). Blocking calls
 * wait in the server; the calling thread waits for the answer. Items must be serializable.
 *
 * <p>Names follow {@link java.util.concurrent.BlockingQueue}: {@code put}/{@code take} block,
 * {@code offer}/{@code poll} do not (or wait at most a timeout and then return false/null).
 */
public interface SharedQueue<E> {

    /** Adds an item, waiting while a bounded queue is full. */
    void put(E item) throws InterruptedException;

    /** Adds an item if there is room now. */
    boolean offer(E item);

    /** Adds an item, waiting at most {@code timeout} for room. */
    boolean offer(E item, Duration timeout) throws InterruptedException;

    /** Removes the head, waiting for one. */
    E take() throws InterruptedException;

    /** Removes the head, or returns null when empty. */
    E poll();

    /** Removes the head, waiting at most {@code timeout}; null if none arrived. */
    E poll(Duration timeout) throws InterruptedException;

    int size();

    boolean isEmpty();

    /** Room left; {@link Integer#MAX_VALUE} for an unbounded queue. */
    int remainingCapacity();

    /**
     * Marks one item taken earlier as processed.
     *
     * @throws IllegalStateException when called more times than items were put (Python's ValueError)
     */
    void taskDone();

    /** Waits until every item put so far has been marked done with {@link #taskDone()}. */
    void join() throws InterruptedException;
}
