package dev.mp4j.observe;

/**
 * The worker JVMs of a cluster in JMX, registered as {@code dev.mp4j:type=Cluster,name=ADDRESS}
 * next to the {@link PoolMXBean} of an {@code Engine.CLUSTER} pool built with {@code jmx(true)}.
 * Each read asks Redis (a few milliseconds).
 */
public interface ClusterMXBean {
    /** {@return the Redis address, without its password} */
    String getAddress();

    /** {@return the worker JVMs whose heartbeat is alive} */
    int getWorkersAlive();

    /** {@return their ids, {@code host/pid}} */
    String[] getWorkerIds();

    /** {@return the worker threads over all worker JVMs} */
    int getWorkerThreads();

    /** {@return the tasks running on them now} */
    int getTasksRunning();
}
