package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.cluster.internal.ClusterNames;
import dev.mp4j.cluster.internal.RedisConnections;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ResultIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM SIGKILLed while it holds a batch of prefetched tasks (read in one XREADGROUP, not
 * yet run or not yet acknowledged): another worker claims them once the dead one's lease lapses,
 * and the caller receives every result exactly once; afterwards nothing is left in Redis (no task
 * message, no pending entry).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterBatchedDispatchKillTest {
    private RedisServer redis;
    private LocalWorkers workers;
    private String previousRetry;

    @BeforeEach
    void start() {
        previousRetry = System.setProperty("mp4j.clusterRetrySeconds", "1");
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(2).workersPerJvm(1).classPath(TestClassPath.full()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (previousRetry == null) {
            System.clearProperty("mp4j.clusterRetrySeconds");
        } else {
            System.setProperty("mp4j.clusterRetrySeconds", previousRetry);
        }
    }

    @Test
    void killingAWorkerThatHoldsAPrefetchedBatchLosesAndDuplicatesNothing() throws Exception {
        int tasks = 20_000;
        AtomicLong progress = new AtomicLong();
        RedisAddress address = RedisAddress.parse(redis.address());
        RedissonClient client = RedisConnections.acquire(address);
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(2).build()) {
            RStream<byte[], byte[]> stream = client.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
            ResultIterator<Integer> results = pool.imapUnordered(x -> {
                LockSupport.parkNanos(50_000);
                return x;
            }, IntStream.range(0, tasks).boxed().toList(), MapOptions.DEFAULTS.withChunksize(1)
                    .withProgress((done, total) -> progress.accumulateAndGet(done, Math::max)));
            List<Integer> received = new ArrayList<>(tasks);
            Thread collector = Thread.ofPlatform().start(() -> results.forEachRemaining(received::add));

            long victim = workers.pids().getFirst();
            String victimPrefix = "/" + victim + "#";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                Map<String, Long> held = stream.getPendingInfo(ClusterNames.WORKER_GROUP).getConsumerNames();
                return held.entrySet().stream().anyMatch(e -> e.getKey().contains(victimPrefix) && e.getValue() >= 4);
            });
            workers.kill(0);
            assertThat(ProcessHandle.of(victim)).isEmpty();
            long stillPending = stream.getPendingInfo(ClusterNames.WORKER_GROUP).getConsumerNames().entrySet().stream()
                    .filter(e -> e.getKey().contains(victimPrefix)).mapToLong(Map.Entry::getValue).sum();
            assertThat(stillPending).as("the killed worker held prefetched tasks").isPositive();

            collector.join(Duration.ofSeconds(120));
            assertThat(collector.isAlive()).as("all results arrived").isFalse();
            assertThat(received).hasSize(tasks);
            Set<Integer> distinct = new HashSet<>(received);
            assertThat(distinct).as("no result delivered twice").hasSize(tasks)
                    .containsAll(IntStream.range(0, tasks).boxed().toList());
            assertThat(progress.get()).isEqualTo(tasks);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(stream.getPendingInfo(ClusterNames.WORKER_GROUP).getTotal()).as("pending entries").isZero();
                assertThat(stream.size()).as("task messages left in the stream").isZero();
            });
        } finally {
            RedisConnections.release(address);
        }
    }
}
