package dev.mp4j.manager;

import java.time.Duration;
import java.util.function.BooleanSupplier;

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

    /**
     * Python's {@code wait_for(predicate, timeout)}: waits until {@code predicate} is true, at most
     * {@code timeout} ({@code null}: no limit), and returns its last value. The caller holds the
     * lock; the predicate runs in the caller, with the lock held, before the first wait and after
     * every wake-up, as in Python.
     *
     * <pre>{@code
     * cond.lock();
     * try {
     *     boolean ready = cond.awaitFor(() -> items.size() > 0, Duration.ofSeconds(5));
     * } finally {
     *     cond.unlock();
     * }
     * }</pre>
     */
    default boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        boolean result = predicate.getAsBoolean();
        long end = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
        while (!result) {
            if (timeout == null) {
                await();
            } else {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                await(Duration.ofNanos(left));
            }
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiter (Python's {@code notify()}). */
    void signal();

    /** Wakes up to {@code n} waiters (Python's {@code notify(n)}). */
    void signal(int n);

    /** Wakes every waiter (Python's {@code notify_all()}). */
    void signalAll();
}
