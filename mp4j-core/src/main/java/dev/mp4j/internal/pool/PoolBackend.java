package dev.mp4j.internal.pool;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the public {@code Pool} needs from an engine: {@link PoolCore} for the engines of this JVM
 * and its children, the {@code mp4j-cluster} module's backend for {@code Engine.CLUSTER}.
 *
 * <p>Contract: every submitted job's completion runs exactly once, with results or a failure;
 * a job whose {@link CallTicket} was cancelled before a worker took it never runs and fails with
 * {@link java.util.concurrent.CancellationException}; {@link #close()} accepts no new jobs and lets
 * submitted ones finish; {@link #terminate()} fails the unfinished ones with
 * {@link java.util.concurrent.CancellationException}. Thread-safe.
 */
public interface PoolBackend {
    void start();

    PoolCore.FunctionRefHandle newFunction(Object function);

    void submit(PoolCore.FunctionRefHandle function, TaskKind kind, List<?> items, Duration timeout, CallTicket call,
                BiConsumer<List<Object>, Throwable> completion);

    /**
     * The calling thread is about to submit a call's jobs in a quick burst (items already in
     * memory): a backend that sends jobs over a network in batches may hold this thread's jobs
     * until {@link #endBurst()}, to send them together. Bursts do not nest; every call is paired
     * with {@link #endBurst()} on the same thread, in a {@code finally}. Nothing by default.
     */
    default void beginBurst() {
    }

    /** Ends the calling thread's burst: what it held is sent now. */
    default void endBurst() {
    }

    /**
     * Cancels the queued jobs whose call can still be cancelled (no job of it was taken by a
     * worker) and fails them with {@link java.util.concurrent.CancellationException}; jobs of calls
     * that started stay queued. Returns how many jobs were cancelled.
     */
    int cancelQueued();

    List<Long> workerPids();

    void close();

    int terminate();

    boolean isShutdown();

    boolean awaitTermination(long nanos) throws InterruptedException;

    boolean isTerminatedFully();

    void checkJoinable();

    /** Waits until the worker processes that ended have exited; false on timeout. Nothing to wait for by default. */
    default boolean awaitProcessesExited(long nanos) throws InterruptedException {
        return true;
    }
}
