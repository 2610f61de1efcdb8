package dev.mp4j.queue;

/** A get found the queue empty (without blocking, or until its timeout): Python's {@code queue.Empty}. */
public final class QueueEmptyException extends RuntimeException {
    /** Creates the exception, with the message "queue is empty". */
    public QueueEmptyException() {
        super("queue is empty");
    }
}
