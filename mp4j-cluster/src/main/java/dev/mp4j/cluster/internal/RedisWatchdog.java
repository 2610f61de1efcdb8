package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.ClusterConnectionException;
import dev.mp4j.cluster.RedisAddress;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a lost Redis into a clear error instead of tasks that wait forever. Redis keeps the
 * cluster's queued tasks; a server restarted without persistence has forgotten them, and one that
 * stays unreachable cannot deliver their results. The watchdog keeps an epoch key in Redis (set
 * once by the first client) and checks it every {@link #PERIOD}: a changed or missing epoch means
 * the data was lost, and {@link #UNREACHABLE_LIMIT} without an answer means the server is gone;
 * either way {@code onLoss} fails the pending work with a {@link ClusterConnectionException}.
 * Short outages with the data intact are ridden out by Redisson's reconnection.
 *
 * <p>Runs on the owner's timer thread; start and stop are idempotent.
 */
final class RedisWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisWatchdog.class);
    static final Duration PERIOD = Duration.ofMillis(500);
    static final Duration UNREACHABLE_LIMIT = Duration.ofSeconds(
            Long.getLong("mp4j.clusterUnreachableSeconds", 20));
    static final String EPOCH_KEY = "mp4j:epoch";

    private final RedissonClient client;
    private final RedisAddress address;
    private final ScheduledExecutorService timer;
    private final Consumer<RuntimeException> onLoss;
    private volatile String epoch;
    private long unreachableSince;
    private ScheduledFuture<?> task;

    RedisWatchdog(RedissonClient client, RedisAddress address, ScheduledExecutorService timer, Consumer<RuntimeException> onLoss) {
        this.client = client;
        this.address = address;
        this.timer = timer;
        this.onLoss = onLoss;
    }

    synchronized void start() {
        if (task != null) {
            return;
        }
        epoch = currentEpoch();
        task = timer.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private String currentEpoch() {
        RBucket<String> bucket = client.getBucket(EPOCH_KEY);
        bucket.setIfAbsent(UUID.randomUUID().toString());
        return bucket.get();
    }

    private void check() {
        String seen;
        try {
            seen = client.<String>getBucket(EPOCH_KEY).get();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (unreachableSince == 0) {
                unreachableSince = now;
                LOG.warn("Redis at {} does not answer ({}); pending cluster tasks fail if it stays away for {}s",
                        address.uri(), e.toString(), UNREACHABLE_LIMIT.toSeconds());
            } else if (now - unreachableSince > UNREACHABLE_LIMIT.toNanos()) {
                unreachableSince = now;
                onLoss.accept(new ClusterConnectionException("Redis at " + address.uri() + " has not answered for "
                        + UNREACHABLE_LIMIT.toSeconds() + "s: the pending cluster tasks cannot report; resubmit them once it is back",
                        e));
            }
            return;
        }
        unreachableSince = 0;
        if (seen == null || !seen.equals(epoch)) {
            String lostEpoch = epoch;
            try {
                epoch = currentEpoch();
            } catch (RuntimeException e) {
                return;
            }
            LOG.warn("Redis at {} lost its data (epoch {} -> {}): failing pending cluster tasks", address.uri(), lostEpoch, epoch);
            onLoss.accept(new ClusterConnectionException("Redis at " + address.uri() + " lost its data (restarted without"
                    + " persistence?): the pending cluster tasks were forgotten and are failed; resubmit them", null));
        }
    }
}
