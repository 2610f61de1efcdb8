package dev.mp4j.queue;

import dev.mp4j.internal.queue.SharedRing;
import dev.mp4j.internal.sync.Deadline;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Queue} that counts unfinished tasks: Python's {@code JoinableQueue}. Every put adds a
 * task; a consumer calls {@link #taskDone()} once per item it finished; {@link #join()} waits until
 * the count is zero. Calling {@code taskDone} more often than items were put throws
 * {@link IllegalStateException} ("task_done() called too many times"). The count is shared: a
 * {@code taskDone} in any process counts.
 *
 * @param <E> the type of the items, serializable
 */
public final class JoinableQueue<E> extends Queue<E> {

    JoinableQueue(SharedRing ring) {
        super(ring);
    }

    /**
     * An unbounded joinable queue (Python's {@code JoinableQueue()}).
     *
     * @param <E> the type of the items
     * @return the queue
     */
    public static <E> JoinableQueue<E> create() {
        return create(0);
    }

    /**
     * A joinable queue of at most {@code maxsize} items (Python's {@code JoinableQueue(maxsize)}).
     *
     * @param <E>     the type of the items
     * @param maxsize the item limit; 0 or less: no limit
     * @return the queue
     */
    public static <E> JoinableQueue<E> create(int maxsize) {
        return create(maxsize, DEFAULT_BUFFER_BYTES);
    }

    /**
     * A joinable queue with a buffer size; as {@link Queue#create(int, int)}.
     *
     * @param <E>         the type of the items
     * @param maxsize     the item limit; 0 or less: no limit
     * @param bufferBytes the shared buffer's size, at least 64
     * @return the queue
     * @throws IllegalArgumentException when {@code bufferBytes} is below 64
     */
    public static <E> JoinableQueue<E> create(int maxsize, int bufferBytes) {
        return new JoinableQueue<>(SharedRing.create(maxsize, bufferBytes));
    }

    /**
     * Marks one item got from this queue as processed (Python's {@code task_done()}); the last
     * one releases the threads in {@link #join()}.
     *
     * @throws IllegalStateException when called more times than items were put
     */
    public void taskDone() {
        ring.taskDone();
    }

    /**
     * Blocks until every item put has been marked done (Python's {@code join()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void join() throws InterruptedException {
        ring.join(Deadline.never());
    }

    /**
     * {@link #join()} for at most {@code timeout} (mp4j's own; Python's {@code join()} has no
     * timeout).
     *
     * @param timeout how long to wait
     * @return true when every item was marked done, false when tasks remain unfinished
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return ring.join(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * Items put and not yet marked done (Python's {@code _unfinished_tasks} counter).
     *
     * @return the count, a moment ago
     */
    public int unfinishedTasks() {
        return ring.unfinishedTasks();
    }
}
