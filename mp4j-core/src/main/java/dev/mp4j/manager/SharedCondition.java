package dev.mp4j.manager;

import java.time.Duration;

/**
 * A condition variable held by a manager server ({@code manager.Condition()}), with its own
 * reentrant lock. {@code await} and {@code signal} require the caller to hold the lock
 * ({@link IllegalMonitorStateException} otherwise); {@code await} releases it while waiting and
 * holds it again when it returns.
 */
public interface SharedCondition extends SharedLock {

    /** Waits until signalled. */
    void await() throws InterruptedException;

    /** Waits at most {@code timeout}; false if it timed out. */
    boolean await(Duration timeout) throws InterruptedException;

    /** Wakes one waiter (Python's {@code notify()}). */
    void signal();

    /** Wakes up to {@code n} waiters (Python's {@code notify(n)}). */
    void signal(int n);

    /** Wakes every waiter (Python's {@code notify_all()}). */
    void signalAll();
}
