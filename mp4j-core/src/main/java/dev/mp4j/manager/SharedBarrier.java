package dev.mp4j.manager;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier held by a manager server ({@code manager.Barrier(parties)}), with
 * {@link java.util.concurrent.CyclicBarrier} semantics: a timed-out or reset barrier is broken for
 * its current waiters, who get {@link BrokenBarrierException} (Python's BrokenBarrierError).
 */
public interface SharedBarrier {

    /** Waits for all parties; returns the arrival index (parties-1 for the first, 0 for the last). */
    int await() throws InterruptedException, BrokenBarrierException;

    /** As {@link #await()}, breaking the barrier if {@code timeout} passes first. */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier for current waiters and makes it usable again. */
    void reset();

    int parties();

    int numberWaiting();

    boolean isBroken();
}
