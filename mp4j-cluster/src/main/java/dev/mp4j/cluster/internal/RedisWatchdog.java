package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.ClusterConnectionException;
import dev.mp4j.cluster.RedisAddress;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns a lost Redis into a clear error instead of tasks that wait forever. Redis keeps the
 * cluster's queued tasks; a server restarted without persistence has forgotten them, and one that
 * stays unreachable cannot deliver their results. The watchdog keeps an epoch key in Redis (set
 * once by the first client) and reads it every {@link #PERIOD} without waiting for the answer: a
 * changed or missing epoch means the data was lost, and no answer for the unreachable limit
 * ({@code -Dmp4j.clusterUnreachableSeconds}, default 20) means the server is gone. Either way
 * {@code onLoss} fails the pending work with a {@link ClusterConnectionException}, at most one
 * period after the limit: the clock runs from the last answer, whatever the client's own command
 * timeouts and retries do meanwhile. Short outages with the data intact are ridden out.
 *
 * <p>Checks run on the owner's timer thread and never block it; answers arrive on Redisson's
 * threads. Start and stop are idempotent.
 */
final class RedisWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisWatchdog.class);
    static final Duration PERIOD = Duration.ofMillis(500);
    static final String EPOCH_KEY = "mp4j:epoch";

    private final RedisAddress address;
    private final ScheduledExecutorService timer;
    private final Consumer<RuntimeException> onLoss;
    private final RBucket<String> epochKey;
    private final Duration limit;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile String epoch;
    private volatile long lastAnswerNanos;
    private boolean warned;
    private ScheduledFuture<?> task;

    RedisWatchdog(RedissonClient client, RedisAddress address, ScheduledExecutorService timer, Consumer<RuntimeException> onLoss) {
        this.address = address;
        this.timer = timer;
        this.onLoss = onLoss;
        this.epochKey = client.getBucket(EPOCH_KEY, StringCodec.INSTANCE);
        this.limit = unreachableLimit();
    }

    /** {@code -Dmp4j.clusterUnreachableSeconds} (read when a watchdog is made), default 20 s. */
    static Duration unreachableLimit() {
        return ClusterNames.secondsProperty("mp4j.clusterUnreachableSeconds", Duration.ofSeconds(20));
    }

    Duration limit() {
        return limit;
    }

    synchronized void start() {
        if (task != null) {
            return;
        }
        epochKey.setIfAbsent(UUID.randomUUID().toString());
        epoch = epochKey.get();
        lastAnswerNanos = System.nanoTime();
        task = timer.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void check() {
        if (probing.compareAndSet(false, true)) {
            epochKey.getAsync().whenComplete((seen, error) -> {
                probing.set(false);
                if (error == null) {
                    answered(seen);
                }
            });
        }
        long silent = System.nanoTime() - lastAnswerNanos;
        if (silent > PERIOD.toNanos() * 4 && !warned) {
            warned = true;
            LOG.warn("Redis at {} does not answer; pending cluster tasks fail if it stays away for {}s", address.uri(),
                    limit.toSeconds());
        }
        if (silent > limit.toNanos()) {
            onLoss.accept(new ClusterConnectionException("Redis at " + address.uri() + " has not answered for "
                    + limit.toSeconds() + "s: the pending cluster tasks cannot report; resubmit them once it is back", null));
        }
    }

    private void answered(String seen) {
        lastAnswerNanos = System.nanoTime();
        warned = false;
        String expected = epoch;
        if (expected != null && expected.equals(seen)) {
            return;
        }
        if (expected != null) {
            epoch = null;
            LOG.warn("Redis at {} lost its data (epoch {} -> {}): failing pending cluster tasks", address.uri(), expected, seen);
            onLoss.accept(new ClusterConnectionException("Redis at " + address.uri() + " lost its data (restarted without"
                    + " persistence?): the pending cluster tasks were forgotten and are failed; resubmit them", null));
        }
        adopt(seen);
    }

    /** Takes the server's current epoch (setting one if it has none) as the one to watch from now on. */
    private void adopt(String seen) {
        if (seen != null) {
            epoch = seen;
            return;
        }
        epochKey.setIfAbsentAsync(UUID.randomUUID().toString())
                .thenCompose(ignored -> epochKey.getAsync())
                .whenComplete((current, error) -> {
                    if (error == null && current != null) {
                        epoch = current;
                    }
                });
    }
}
