package dev.mp4j.internal.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One unit a worker runs: a function applied to a chunk of items (or a single call). Completed
 * exactly once, with results or a failure; later completions are ignored, so a job failed by a
 * timeout cannot be completed again by a late result. A worker runs (or sends) a job only after
 * {@link #tryStart()}: a job whose call was cancelled is failed with a
 * {@link CancellationException} there instead, so it never runs.
 */
final class Job {
    final long id;
    final FunctionRef function;
    final TaskKind kind;
    final List<?> items;
    final Duration timeout;
    final CallTicket call;
    private final BiConsumer<List<Object>, Throwable> completion;
    private final AtomicBoolean done = new AtomicBoolean();
    /**
     * Set only while task events are recorded ({@link dev.mp4j.internal.jfr.Events}): when the job was
     * submitted and started ({@link System#nanoTime()}, 0 when unknown), and its begun finished event.
     * Written by the submitting thread before the job is queued, then under the running worker's lock.
     */
    long submittedNanos;
    long startedNanos;
    Object event;

    Job(long id, FunctionRef function, TaskKind kind, List<?> items, Duration timeout, CallTicket call,
        BiConsumer<List<Object>, Throwable> completion) {
        this.id = id;
        this.function = function;
        this.kind = kind;
        this.items = items;
        this.timeout = timeout;
        this.call = call;
        this.completion = completion;
    }

    /**
     * A job that is done from the start: put at the tail of the queue once the pool is closed, one
     * per worker, to wake workers blocked on an empty queue so that they exit at once. Every
     * consumer skips done jobs, so it is never run.
     */
    static Job wakeUp() {
        Job job = new Job(-1, null, TaskKind.CALL, List.of(), null, new CallTicket(), (results, failure) -> { });
        job.done.set(true);
        return job;
    }

    int size() {
        return kind == TaskKind.CALL ? 1 : items.size();
    }

    boolean isDone() {
        return done.get();
    }

    /**
     * True when a worker may run this job now. False when it is done, or when its call was
     * cancelled: then it is failed with a {@link CancellationException} here.
     */
    boolean tryStart() {
        if (done.get()) {
            return false;
        }
        if (call.tryStart()) {
            return true;
        }
        fail(new CancellationException("the call was cancelled before it started"));
        return false;
    }

    boolean complete(List<Object> results) {
        if (done.compareAndSet(false, true)) {
            completion.accept(results, null);
            return true;
        }
        return false;
    }

    boolean fail(Throwable failure) {
        if (done.compareAndSet(false, true)) {
            completion.accept(null, failure);
            return true;
        }
        return false;
    }
}
