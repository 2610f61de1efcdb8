package dev.mp4j.cluster.internal;

import java.time.Duration;

/** The names of mp4j's keys in Redis and the cluster's timing constants. */
public final class ClusterNames {
    /** Redisson executor every mp4j pool submits to and every mp4j worker serves. */
    public static final String EXECUTOR = "mp4j:executor";
    /** Prefix of the per-worker-JVM heartbeat keys: {@code mp4j:worker:host/pid}. */
    public static final String WORKER_PREFIX = "mp4j:worker:";
    /** Prefix of the user-named shared objects: {@code mp4j:obj:name}. */
    public static final String OBJECT_PREFIX = "mp4j:obj:";
    /** How long a worker's heartbeat key lives; refreshed every third of it. */
    public static final Duration HEARTBEAT_TTL = Duration.ofSeconds(6);
    /** Default: a task whose worker stopped renewing it for this long is run again elsewhere. */
    public static final Duration DEFAULT_TASK_RETRY_INTERVAL = Duration.ofSeconds(3);

    private ClusterNames() {
    }

    /** The task retry interval: {@code -Dmp4j.clusterRetrySeconds=N} or the default. */
    public static Duration taskRetryInterval() {
        String configured = System.getProperty("mp4j.clusterRetrySeconds");
        if (configured == null || configured.isBlank()) {
            return DEFAULT_TASK_RETRY_INTERVAL;
        }
        try {
            long seconds = Long.parseLong(configured.strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dmp4j.clusterRetrySeconds must be a whole number of seconds >= 1, got '"
                    + configured + "'");
        }
    }
}
