package dev.mp4j.manager;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable held by a manager server ({@code manager.Condition()}), with its own
 * reentrant lock. {@code await} and {@code signal} require the caller to hold the lock
 * ({@link IllegalMonitorStateException} otherwise); {@code await} releases it while waiting and
 * holds it again when it returns.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedCondition extends SharedLock {

    /**
     * Waits until signalled (Python's {@code wait()}), releasing the lock meanwhile.
     *
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for a signal (Python's {@code wait(timeout)}).
     *
     * @param timeout how long to wait
     * @return false if it timed out
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
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
     *
     * @param predicate the condition waited for, evaluated in the calling process
     * @param timeout   for the whole wait; null for no limit
     * @return the predicate's last value: false only when the timeout elapsed
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
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

    /**
     * Wakes one waiter (Python's {@code notify()}).
     *
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     */
    void signal();

    /**
     * Wakes up to {@code n} waiters (Python's {@code notify(n)}).
     *
     * @param n the number of waiters to wake
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     */
    void signal(int n);

    /**
     * Wakes every waiter (Python's {@code notify_all()}).
     *
     * @throws IllegalMonitorStateException when the caller does not hold the lock
     */
    void signalAll();
}
