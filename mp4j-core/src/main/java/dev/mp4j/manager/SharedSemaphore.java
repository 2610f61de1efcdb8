package dev.mp4j.manager;

import java.time.Duration;

/**
 * A counting semaphore held by a manager server ({@code manager.Semaphore(n)}, or
 * {@code manager.BoundedSemaphore(n)} whose {@link #release()} above the initial count throws
 * {@link IllegalStateException}, as Python raises ValueError).
 */
public interface SharedSemaphore {

    void acquire() throws InterruptedException;

    boolean tryAcquire();

    boolean tryAcquire(Duration timeout) throws InterruptedException;

    void release();

    int availablePermits();
}
