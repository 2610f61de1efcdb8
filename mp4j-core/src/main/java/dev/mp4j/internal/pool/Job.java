package dev.mp4j.internal.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One unit a worker runs: a function applied to a chunk of items (or a single call). Completed
 * exactly once, with results or a failure; later completions are ignored, so a job failed by a
 * timeout cannot be completed again by a late result.
 */
final class Job {
    final long id;
    final FunctionRef function;
    final TaskKind kind;
    final List<?> items;
    final Duration timeout;
    private final BiConsumer<List<Object>, Throwable> completion;
    private final AtomicBoolean done = new AtomicBoolean();

    Job(long id, FunctionRef function, TaskKind kind, List<?> items, Duration timeout,
        BiConsumer<List<Object>, Throwable> completion) {
        this.id = id;
        this.function = function;
        this.kind = kind;
        this.items = items;
        this.timeout = timeout;
        this.completion = completion;
    }

    /**
     * A job that is done from the start: put at the tail of the queue once the pool is closed, one
     * per worker, to wake workers blocked on an empty queue so that they exit at once. Every
     * consumer skips done jobs, so it is never run.
     */
    static Job wakeUp() {
        Job job = new Job(-1, null, TaskKind.CALL, List.of(), null, (results, failure) -> { });
        job.done.set(true);
        return job;
    }

    int size() {
        return kind == TaskKind.CALL ? 1 : items.size();
    }

    boolean isDone() {
        return done.get();
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
