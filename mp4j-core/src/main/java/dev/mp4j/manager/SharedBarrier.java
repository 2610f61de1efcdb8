package dev.mp4j.manager;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier held by a manager server ({@code manager.Barrier(parties)}), with
 * {@link java.util.concurrent.CyclicBarrier} semantics: a timed-out or reset barrier is broken for
 * its current waiters, who get {@link BrokenBarrierException} (Python's BrokenBarrierError).
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedBarrier {

    /**
     * Waits for all parties (Python's {@code wait()}).
     *
     * @return the arrival index: parties-1 for the first, 0 for the last
     *         ({@link java.util.concurrent.CyclicBarrier}'s numbering)
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * As {@link #await()}, breaking the barrier if {@code timeout} passes first (Python's
     * {@code wait(timeout)}).
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws TimeoutException when the timeout passed; the barrier is broken for the others
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier for current waiters and makes it usable again (Python's {@code reset()}). */
    void reset();

    /**
     * Python's {@code parties}.
     *
     * @return the number of parties that must arrive
     */
    int parties();

    /**
     * Python's {@code n_waiting}.
     *
     * @return the number of parties waiting now
     */
    int numberWaiting();

    /**
     * Python's {@code broken}.
     *
     * @return true when broken and not yet reset
     */
    boolean isBroken();
}
