package dev.mp4j.manager;

import java.time.Duration;

/**
 * A FIFO queue held by a manager server ({@code manager.Queue()} / {@code manager.JoinableQueue()}
 * in Python; both count unfinished tasks, as Python's {@code queue.Queue} does). Blocking calls
 * wait in the server; the calling thread waits for the answer. Items must be serializable.
 *
 * <p>Names follow {@link java.util.concurrent.BlockingQueue}: {@code put}/{@code take} block,
 * {@code offer}/{@code poll} do not (or wait at most a timeout and then return false/null).
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <E> the type of the items, serializable
 */
public interface SharedQueue<E> {

    /**
     * Adds an item, waiting while a bounded queue is full (Python's {@code put(item)}).
     *
     * @param item the item, serializable
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void put(E item) throws InterruptedException;

    /**
     * Adds an item if there is room now (Python's {@code put_nowait}, returning false where
     * Python raises {@code queue.Full}).
     *
     * @param item the item, serializable
     * @return true when added
     */
    boolean offer(E item);

    /**
     * Adds an item, waiting at most {@code timeout} for room (Python's {@code put(item, True, timeout)}).
     *
     * @param item    the item, serializable
     * @param timeout how long to wait for room
     * @return true when added, false when the queue stayed full
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    boolean offer(E item, Duration timeout) throws InterruptedException;

    /**
     * Removes the head, waiting for one (Python's {@code get()}).
     *
     * @return the item
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    E take() throws InterruptedException;

    /**
     * Removes the head if there is one (Python's {@code get_nowait}, returning null where Python
     * raises {@code queue.Empty}).
     *
     * @return the item, or null when empty
     */
    E poll();

    /**
     * Removes the head, waiting at most {@code timeout} (Python's {@code get(True, timeout)}).
     *
     * @param timeout how long to wait for an item
     * @return the item, or null if none arrived
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    E poll(Duration timeout) throws InterruptedException;

    /**
     * Python's {@code qsize()}.
     *
     * @return the number of items waiting
     */
    int size();

    /**
     * Python's {@code empty()}.
     *
     * @return true when no item waits
     */
    boolean isEmpty();

    /**
     * Room left.
     *
     * @return the number of items that fit; {@link Integer#MAX_VALUE} for an unbounded queue
     */
    int remainingCapacity();

    /**
     * Marks one item taken earlier as processed (Python's {@code task_done()}).
     *
     * @throws IllegalStateException when called more times than items were put (Python's ValueError)
     */
    void taskDone();

    /**
     * Waits until every item put so far has been marked done with {@link #taskDone()} (Python's
     * {@code join()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void join() throws InterruptedException;
}
