package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedBarrier;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The server side of Barrier: a {@link CyclicBarrier}, whose semantics match Python's Barrier. */
final class BarrierTarget implements SharedBarrier {
    private final CyclicBarrier barrier;

    BarrierTarget(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, got " + parties);
        }
        barrier = new CyclicBarrier(parties);
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        return barrier.await();
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return barrier.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void reset() {
        barrier.reset();
    }

    @Override
    public int parties() {
        return barrier.getParties();
    }

    @Override
    public int numberWaiting() {
        return barrier.getNumberWaiting();
    }

    @Override
    public boolean isBroken() {
        return barrier.isBroken();
    }

    @Override
    public String toString() {
        return "Barrier[parties=" + parties() + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "") + "]";
    }
}
