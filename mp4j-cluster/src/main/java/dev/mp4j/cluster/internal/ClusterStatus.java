package dev.mp4j.cluster.internal;

import dev.mp4j.Engine;
import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.observe.WorkerActivity;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.TaskFailure;
import dev.mp4j.observe.WorkerStats;
import dev.mp4j.spi.ClusterPoolFactory;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a cluster's worker JVMs do, read from Redis: the live heartbeat keys
 * ({@link ClusterMembers}) and, next to each, the activity line the worker publishes with its
 * heartbeat ({@code mp4j:stats:host/pid}, see {@link WorkerActivity}). Each {@link #stats()} is a
 * few Redis round trips. Thread-safe.
 */
public final class ClusterStatus implements ClusterPoolFactory.ClusterMonitor {
    /** Prefix of the per-worker-JVM activity keys, which expire with the heartbeat. */
    public static final String STATS_PREFIX = "mp4j:stats:";
    private final RedisAddress address;
    private final RedissonClient client;
    private volatile boolean closed;

    public ClusterStatus(RedisAddress address) {
        this.address = address;
        this.client = RedisConnections.acquire(address);
    }

    /** What a worker JVM publishes beside its heartbeat. */
    static String activityKey(String workerId) {
        return STATS_PREFIX + workerId;
    }

    @Override
    public String address() {
        return address.uri();
    }

    @Override
    public PoolStats stats() {
        List<WorkerStats> workers = new ArrayList<>();
        List<TaskFailure> failures = new ArrayList<>();
        int threads = 0;
        int running = 0;
        long completed = 0;
        long failed = 0;
        for (ClusterMembers.Member member : ClusterMembers.list(client)) {
            Object line = client.getBucket(activityKey(member.id())).get();
            WorkerActivity.Snapshot activity = WorkerActivity.parse(line instanceof String text ? text : null);
            String host = member.id().contains("/") ? member.id().substring(0, member.id().lastIndexOf('/')) : member.id();
            threads += member.workers();
            if (activity == null) {
                workers.add(new WorkerStats(member.id(), host, member.pid(), WorkerStats.State.STARTING, -1, Duration.ZERO, 0, 0,
                        Duration.ZERO));
                continue;
            }
            running += activity.running();
            completed += activity.completed();
            failed += activity.failed();
            failures.addAll(activity.failures());
            workers.add(new WorkerStats(member.id(), host, member.pid(),
                    activity.running() > 0 ? WorkerStats.State.BUSY : WorkerStats.State.IDLE, -1, activity.oldestRunning(),
                    activity.completed(), activity.failed(), Duration.ZERO));
        }
        workers.sort(Comparator.comparing(WorkerStats::name));
        failures.sort(Comparator.comparing(TaskFailure::time).reversed());
        return new PoolStats("cluster " + address.uri(), Engine.CLUSTER, threads,
                closed ? PoolStats.State.TERMINATED : PoolStats.State.RUNNING, -1, completed + failed + running, queuedTasks(),
                running, completed, failed, 0, workers.size(), 0, Duration.ZERO, workers,
                failures.size() > 20 ? failures.subList(0, 20) : failures, Instant.now());
    }

    /**
     * Tasks waiting in Redis for a worker: the task stream's entries (a task leaves it when its
     * result is in) less those its consumer group has handed to a worker JVM. -1 when Redis
     * cannot tell (no stream yet counts as 0).
     */
    private long queuedTasks() {
        try {
            org.redisson.api.RStream<byte[], byte[]> stream = client.getStream(ClusterNames.TASK_STREAM,
                    org.redisson.client.codec.ByteArrayCodec.INSTANCE);
            if (!stream.isExists()) {
                return 0;
            }
            long handedOut;
            try {
                handedOut = stream.getPendingInfo(ClusterNames.WORKER_GROUP).getTotal();
            } catch (org.redisson.client.RedisException noGroupYet) {
                handedOut = 0;
            }
            return Math.max(0, stream.size() - handedOut);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            RedisConnections.release(address);
        }
    }
}
