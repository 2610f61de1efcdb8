package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ResultIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * redis-server SIGKILLed (and not restarted) in the middle of a map: the map, and work submitted
 * after the loss, fail with {@link ClusterConnectionException} within the unreachable limit plus
 * the watchdog's period, never with another exception and never after twice the limit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterRedisLostTest {
    private static final int LIMIT_SECONDS = 3;
    private RedisServer redis;
    private LocalWorkers workers;
    private String previousLimit;

    @BeforeEach
    void start() {
        previousLimit = System.setProperty("mp4j.clusterUnreachableSeconds", Integer.toString(LIMIT_SECONDS));
        redis = RedisServer.start("lost-redis-secret");
        workers = LocalWorkers.builder(redis.addressWithPassword()).jvms(1).workersPerJvm(2)
                .classPath(TestClassPath.full()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (previousLimit == null) {
            System.clearProperty("mp4j.clusterUnreachableSeconds");
        } else {
            System.setProperty("mp4j.clusterUnreachableSeconds", previousLimit);
        }
    }

    @Test
    void redisKilledMidMapFailsTheMapWithClusterConnectionExceptionWithinTheBound() throws Exception {
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.addressWithPassword()).processes(2).build()) {
            ResultIterator<Integer> results = pool.imapUnordered(x -> {
                LockSupport.parkNanos(20_000_000);
                return x;
            }, IntStream.range(0, 2_000).boxed().toList(), MapOptions.DEFAULTS.withChunksize(1));
            AsyncResult<List<Integer>> whole = pool.mapAsync(x -> x, IntStream.range(0, 50_000).boxed().toList(), MapOptions.DEFAULTS.withChunksize(1));
            results.next();
            redis.kill();
            long killed = System.nanoTime();
            AsyncResult<Integer> afterLoss = pool.applyAsync(() -> 1);

            Throwable failure = null;
            try {
                while (results.hasNext()) {
                    results.next();
                }
            } catch (CompletionException e) {
                failure = e.getCause();
            }
            long elapsedMillis = (System.nanoTime() - killed) / 1_000_000;
            assertThat(failure).isInstanceOf(ClusterConnectionException.class)
                    .hasMessageContaining("has not answered for " + LIMIT_SECONDS + "s")
                    .hasMessageContaining(redis.address());
            assertThat(elapsedMillis).as("time from the kill to the failure").isLessThan(LIMIT_SECONDS * 1000L + 2_500);

            await().atMost(Duration.ofSeconds(LIMIT_SECONDS + 3)).until(() -> whole.isDone() && afterLoss.isDone());
            assertThatThrownBy(whole::join).cause().isInstanceOf(ClusterConnectionException.class);
            assertThatThrownBy(afterLoss::join).cause().isInstanceOf(ClusterConnectionException.class);
        }
    }
}
