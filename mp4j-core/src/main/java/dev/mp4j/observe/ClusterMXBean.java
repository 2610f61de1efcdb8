package dev.mp4j.observe;

/**
 * The worker JVMs of a cluster in JMX, registered as {@code dev.mp4j:type=Cluster,name=HOST_PORT}
 * next to the {@link PoolMXBean} of an {@code Engine.CLUSTER} pool built with {@code jmx(true)}.
 * Each read asks Redis (a few milliseconds).
 */
public interface ClusterMXBean {
    /** The Redis address, without its password. */
    String getAddress();

    /** The worker JVMs whose heartbeat is alive. */
    int getWorkersAlive();

    /** Their ids, {@code host/pid}. */
    String[] getWorkerIds();

    /** Worker threads over all worker JVMs. */
    int getWorkerThreads();

    /** Tasks running on them now. */
    int getTasksRunning();
}
