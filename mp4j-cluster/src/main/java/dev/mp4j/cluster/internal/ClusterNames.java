package dev.mp4j.cluster.internal;

import java.time.Duration;

/** The names of mp4j's keys in Redis and the cluster's timing constants. */
public final class ClusterNames {
    /** The stream every caller adds tasks to and every worker JVM reads, through {@link #WORKER_GROUP}. */
    public static final String TASK_STREAM = "mp4j:tasks";
    /** The consumer group of the worker JVMs on {@link #TASK_STREAM}: each task goes to one of them. */
    public static final String WORKER_GROUP = "mp4j-workers";
    /** The one field of a task message: the encoded {@link ClusterTask}. */
    public static final String TASK_FIELD = "t";
    /** Prefix of the per-caller result lists: {@code mp4j:results:<caller uuid>}. */
    public static final String RESULT_PREFIX = "mp4j:results:";
    /** How long a caller's result list outlives its last result (a caller that died leaves nothing for ever). */
    public static final Duration RESULT_TTL = Duration.ofHours(1);
    /** Topic on which callers name the task messages (stream ids) that workers must cancel. */
    public static final String CANCEL_TOPIC = "mp4j:cancel";
    /** Prefix of the per-worker-JVM heartbeat keys: {@code mp4j:worker:host/pid}. */
    public static final String WORKER_PREFIX = "mp4j:worker:";
    /** Prefix of the user-named shared objects: {@code mp4j:obj:name}. */
    public static final String OBJECT_PREFIX = "mp4j:obj:";
    /** How long a worker's heartbeat key lives; refreshed every third of it. */
    public static final Duration HEARTBEAT_TTL = Duration.ofSeconds(6);
    /** Default: a task whose worker stopped renewing its claim for this long is run again elsewhere. */
    public static final Duration DEFAULT_TASK_RETRY_INTERVAL = Duration.ofSeconds(2);

    private ClusterNames() {
    }

    /** The task retry interval (a worker's lease on the tasks it holds): {@code -Dmp4j.clusterRetrySeconds=N} or the default. */
    public static Duration taskRetryInterval() {
        return secondsProperty("mp4j.clusterRetrySeconds", DEFAULT_TASK_RETRY_INTERVAL);
    }

    /** A whole number of seconds >= 1 from system property {@code name}, or {@code fallback} when it is unset. */
    static Duration secondsProperty(String name, Duration fallback) {
        String configured = System.getProperty(name);
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(configured.strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number of seconds >= 1, got '" + configured + "'");
        }
    }
}
