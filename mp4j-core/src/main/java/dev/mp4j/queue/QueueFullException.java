package dev.mp4j.queue;

/** A put found the queue full (without blocking, or until its timeout): Python's {@code queue.Full}. */
public final class QueueFullException extends RuntimeException {
    /** Creates the exception, with the message "queue is full". */
    public QueueFullException() {
        super("queue is full");
    }
}
