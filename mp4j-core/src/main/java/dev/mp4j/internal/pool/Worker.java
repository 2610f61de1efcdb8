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
}
