package dev.mp4j;

/**
 * Where a "process" runs. The same program runs on each engine by changing this one argument.
 */
public enum Engine {
    /** A platform thread in this JVM: shared memory, no isolation, cheapest start. */
    THREADS,
    /** A virtual thread in this JVM: for I/O fan-out over many blocking calls. */
    VIRTUAL_THREADS,
    /**
     * A child JVM started and owned by this one: isolation of static state and crashes, a hard
     * kill, its own heap. The default.
     */
    PROCESSES,
    /** A task on a worker JVM reached through Redis; needs the {@code mp4j-cluster} module. */
    CLUSTER;

    /** True for the engines whose "processes" share this JVM's heap. */
    public boolean isInThisJvm() {
        return this == THREADS || this == VIRTUAL_THREADS;
    }
}
