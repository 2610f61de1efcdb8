package dev.mp4j.observe;

import dev.mp4j.Engine;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a pool is doing at one moment ({@code Pool.stats()}): the figures a user expects from an
 * {@code ExecutorService} (queued, active, completed, failed, pool size) and mp4j's own (timeouts,
 * worker restarts, each worker and its current task, the last failures with their remote tracebacks).
 *
 * <p>Counts are of tasks as Python counts them: one per {@code apply}, one per chunk of a
 * {@code map}. {@code submitted = queued + running + completed + failed + cancelled}; the figures are
 * read one after the other, so under load they may be off by the tasks that moved meanwhile.
 *
 * @param name            the pool's name ({@code Pool.builder().name(...)})
 * @param engine          where its tasks run
 * @param size            the number of workers it keeps
 * @param state           running, closed (finishing its queue) or terminated
 * @param ownerPid        the pid of the JVM that owns the pool
 * @param submitted       tasks submitted since the pool was created
 * @param queued          tasks waiting for a worker (in the pool's queue or sent ahead to a busy worker)
 * @param active          workers running a task now
 * @param completed       tasks that returned a result
 * @param failed          tasks that failed: threw, timed out, or lost their worker
 * @param timeouts        tasks failed by their {@code MapOptions.timeout} (counted in {@code failed} too)
 * @param workersStarted  workers started, replacements included
 * @param workerRestarts  workers that died or were killed while the pool ran and were replaced
 * @param taskRunTime     the time completed and failed tasks ran, summed
 * @param workers         the current workers
 * @param recentFailures  the last failures (at most 20), newest first
 * @param time            when this snapshot was taken
 */
public record PoolStats(String name, Engine engine, int size, State state, long ownerPid, long submitted, long queued,
                        int active, long completed, long failed, long timeouts, long workersStarted, long workerRestarts,
                        Duration taskRunTime, List<WorkerStats> workers, List<TaskFailure> recentFailures, Instant time)
        implements Serializable {

    /** Copies the lists: a snapshot does not change. */
    public PoolStats {
        workers = List.copyOf(workers);
        recentFailures = List.copyOf(recentFailures);
    }

    /** A pool's lifecycle, as {@code Pool} names it. */
    public enum State {
        /** Accepting tasks. */
        RUNNING,
        /** Shut down: no new tasks, the queued ones still run. */
        CLOSED,
        /** Terminated, broken, or closed with every worker gone. */
        TERMINATED
    }
}
