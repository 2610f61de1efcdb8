package dev.mp4j.queue;

import dev.mp4j.internal.queue.SharedRing;
import dev.mp4j.internal.sync.Deadline;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Queue} that counts unfinished tasks: Python's {@code JoinableQueue}. Every put adds a
 * task; a consumer calls {@link #taskDone()} once per item it finished; {@link #join()} waits until
 * the count is zero. Calling {@code taskDone} more often than items were put throws
 * {@link IllegalStateException} ("task_done() called too many times").
 */
public final class JoinableQueue<E> extends Queue<E> {

    JoinableQueue(SharedRing ring) {
        super(ring);
    }

    public static <E> JoinableQueue<E> create() {
        return create(0);
    }

    public static <E> JoinableQueue<E> create(int maxsize) {
        return create(maxsize, DEFAULT_BUFFER_BYTES);
    }

    public static <E> JoinableQueue<E> create(int maxsize, int bufferBytes) {
        return new JoinableQueue<>(SharedRing.create(maxsize, bufferBytes));
    }

    /** Marks one item got from this queue as processed. */
    public void taskDone() {
        ring.taskDone();
    }

    /** Blocks until every item put has been marked done. */
    public void join() throws InterruptedException {
        ring.join(Deadline.never());
    }

    /** {@link #join()} for at most {@code timeout}; false when tasks remain unfinished. */
    public boolean join(Duration timeout) throws InterruptedException {
        return ring.join(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    /** Items put and not yet marked done. */
    public int unfinishedTasks() {
        return ring.unfinishedTasks();
    }
}
