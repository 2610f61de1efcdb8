package dev.mp4j.lab.experiment;

import dev.mp4j.sync.Event;
import dev.mp4j.sync.Semaphore;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Separates a run's start-up from its work: each worker {@link #arrive() arrives} when it is up
 * (a pool worker in its initializer, a thread or process first thing in its target), the driver
 * {@link #awaitArrivals waits} for all of them and marks the {@link PhaseClock}, then
 * {@link #open() opens} the gate for workers that {@link #arriveAndAwaitOpen() wait} on it.
 *
 * <p>Built on mp4j's {@link Semaphore} and {@link Event}, so one gate serves threads of this JVM
 * and child JVMs alike. Serializable: it travels inside a process's target or a pool's initializer.
 * Every wait is bounded by {@link #TIMEOUT}.
 */
final class StartGate implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);

    private final int parties;
    private final Semaphore arrived;
    private final Event open;

    private StartGate(int parties) {
        this.parties = parties;
        this.arrived = Semaphore.create(0);
        this.open = Event.create();
    }

    /** A gate for {@code parties} workers. */
    static StartGate create(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a start gate needs at least 1 party, got " + parties);
        }
        return new StartGate(parties);
    }

    /** Worker side: this worker is up. */
    void arrive() {
        arrived.release();
    }

    /** Worker side: this worker is up; returns when the driver opens the gate. */
    void arriveAndAwaitOpen() throws InterruptedException {
        arrive();
        if (!open.await(TIMEOUT)) {
            throw new IllegalStateException("the start gate did not open within " + TIMEOUT.toMinutes() + " min");
        }
    }

    /**
     * Driver side: waits until every worker has arrived, then marks {@code clock}.
     *
     * @param failure a check run between waits: a message when a worker can no longer arrive (it died), else null
     * @throws IllegalStateException when a worker failed or not all arrived within {@link #TIMEOUT}
     */
    void awaitArrivals(PhaseClock clock, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int count = 0;
        while (count < parties) {
            if (arrived.acquire(POLL)) {
                count++;
                continue;
            }
            String failed = failure == null ? null : failure.get();
            if (failed != null) {
                throw new IllegalStateException(failed + " before all " + parties + " workers started (" + count + " had)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " of " + parties + " workers started within "
                        + TIMEOUT.toMinutes() + " min");
            }
        }
        clock.workersReady();
    }

    /** Driver side: lets the waiting workers start their work. */
    void open() {
        open.set();
    }
}
