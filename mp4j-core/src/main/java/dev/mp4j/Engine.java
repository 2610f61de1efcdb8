package dev.mp4j;

/**
 * Where a "process" runs. The same program runs on each engine by changing this one argument.
 * Python chooses between {@code threading}, {@code multiprocessing} and
 * {@code concurrent.futures.ThreadPoolExecutor} by module; mp4j by this value, given to
 * {@code Process.builder().engine(...)}, {@code Pool.builder().engine(...)} and
 * {@code Manager.builder().engine(...)}.
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

    /**
     * Whether this engine's "processes" share this JVM's heap, so that objects pass between them
     * by reference rather than serialized.
     *
     * @return true for {@link #THREADS} and {@link #VIRTUAL_THREADS}
     */
    public boolean isInThisJvm() {
        return this == THREADS || this == VIRTUAL_THREADS;
    }
}
