package dev.mp4j.observe;

/**
 * A live pool in JMX ({@code jconsole}, VisualVM), registered as {@code dev.mp4j:type=Pool,name=NAME}
 * when the pool is built with {@code Pool.builder().jmx(true)} (or {@code -Dmp4j.jmx=true} for every
 * pool), and unregistered when the pool has terminated. The figures are those of {@link PoolStats}.
 */
public interface PoolMXBean {
    /** {@return the pool's name} */
    String getName();

    /** {@return the engine its tasks run on ({@code PROCESSES}, {@code THREADS}, ...)} */
    String getEngine();

    /** {@return {@code RUNNING}, {@code CLOSED} or {@code TERMINATED}} */
    String getState();

    /** {@return the number of workers it keeps} */
    int getSize();

    /** {@return the tasks submitted since it was created} */
    long getSubmitted();

    /** {@return the tasks waiting for a worker} */
    long getQueued();

    /** {@return the workers running a task now} */
    int getActive();

    /** {@return the tasks that returned a result} */
    long getCompleted();

    /** {@return the tasks that failed: threw, timed out, or lost their worker} */
    long getFailed();

    /** {@return the tasks failed by their timeout} */
    long getTimeouts();

    /** {@return the workers started, replacements included} */
    long getWorkersStarted();

    /** {@return the workers that died or were killed while the pool ran and were replaced} */
    long getWorkerRestarts();

    /** {@return the pids of the current workers} */
    long[] getWorkerPids();

    /** {@return the last failures, newest first: {@code exception: message (pid N)}} */
    String[] getRecentFailures();
}
