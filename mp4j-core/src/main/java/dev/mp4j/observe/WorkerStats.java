package dev.mp4j.observe;

import java.io.Serializable;
import java.time.Duration;

/**
 * One worker of a pool at one moment: a child JVM, a thread of the pool's JVM, or (for
 * {@code Engine.CLUSTER}) a worker JVM serving the cluster.
 *
 * @param name           the worker's name ({@code Pool-worker-3}, or {@code host/pid} for a cluster worker JVM)
 * @param host           the machine it runs on
 * @param pid            its process id on that machine (the pool's JVM for thread workers)
 * @param state          starting, idle or busy
 * @param currentTask    the id of the task it runs, or -1
 * @param currentTaskAge how long that task has run ({@link Duration#ZERO} when idle)
 * @param completed      tasks it completed
 * @param failed         tasks that failed on it
 * @param startUp        how long it took from being asked for to taking tasks ({@link Duration#ZERO} for threads
 *                       and cluster workers)
 */
public record WorkerStats(String name, String host, long pid, State state, long currentTask, Duration currentTaskAge,
                          long completed, long failed, Duration startUp) implements Serializable {

    /** What a worker does now. */
    public enum State {
        /** Its JVM is starting, or has not said it is ready. */
        STARTING,
        /** Waiting for a task. */
        IDLE,
        /** Running a task. */
        BUSY
    }
}
