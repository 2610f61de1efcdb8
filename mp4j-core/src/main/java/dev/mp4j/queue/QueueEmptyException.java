package dev.mp4j.queue;

/** A get found the queue empty (without blocking, or until its timeout): Python's {@code queue.Empty}. */
public final class QueueEmptyException extends RuntimeException {
    public QueueEmptyException() {
        super("queue is empty");
    }
}
