package dev.mp4j.observe;

/**
 * A live pool in JMX ({@code jconsole}, VisualVM), registered as {@code dev.mp4j:type=Pool,name=NAME}
 * when the pool is built with {@code Pool.builder().jmx(true)} (or {@code -Dmp4j.jmx=true} for every
 * pool), and unregistered when the pool has terminated. The figures are those of {@link PoolStats}.
 */
public interface PoolMXBean {
    String getName();

    String getEngine();

    String getState();

    int getSize();

    long getSubmitted();

    long getQueued();

    int getActive();

    long getCompleted();

    long getFailed();

    long getTimeouts();

    long getWorkersStarted();

    long getWorkerRestarts();

    /** The pids of the current workers. */
    long[] getWorkerPids();

    /** The last failures, newest first: {@code exception: message (pid N)}. */
    String[] getRecentFailures();
}
