package dev.mp4j.internal.pool;

/** One worker of a pool: a thread or a JVM that takes jobs from the pool's queue. */
interface Worker {
    void start();

    /** Stops at once: kills the JVM or interrupts the thread. Held jobs are failed by the pool. */
    void kill();

    /** The pid of the worker's process (this JVM's pid for thread workers). */
    long pid();

    /**
     * Called by a submitting thread: when this worker has nothing in hand, takes the head of the
     * pool queue and sends it from the calling thread. Never blocks.
     */
    default void dispatchIfIdle() {
    }

    /**
     * Called when the pool closes with nothing queued: a worker that is still starting (a JVM that
     * has not connected yet) will never get a job, so it stops now instead of being waited for.
     * A worker that has started ignores this.
     */
    default void abandonIfNotStarted() {
    }

    /** What the worker does now and what it has done ({@code now} is {@link System#nanoTime()}). */
    dev.mp4j.observe.WorkerStats stats(long now);

    /** The nanoseconds its tasks ran, summed. */
    long runNanos();
}
