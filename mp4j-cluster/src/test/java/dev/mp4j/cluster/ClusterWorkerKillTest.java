package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ResultIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM killed with SIGKILL in the middle of a 10,000-task map: its tasks run again on the
 * other workers (at-least-once execution) and the caller receives every result exactly once.
 */
class ClusterWorkerKillTest {
    private RedisServer redis;
    private LocalWorkers workers;
    private String previousRetry;

    @BeforeEach
    void start() {
        previousRetry = System.setProperty("mp4j.clusterRetrySeconds", "2");
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(3).workersPerJvm(2).classPath(TestClassPath.full()).start();
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
    @org.junit.jupiter.api.Timeout(value = 360)
    void killingOneOfThreeWorkersMidMapLosesAndDuplicatesNothing() {
        int tasks = 10_000;
        AtomicLong delivered = new AtomicLong();
        AtomicLong highestProgress = new AtomicLong();
        MapOptions options = MapOptions.DEFAULTS.withChunksize(1)
                .withProgress((done, total) -> highestProgress.accumulateAndGet(done, Math::max));
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(6).build()) {
            ResultIterator<Long> results = pool.imapUnordered(x -> {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                return x * 2L;
            }, LongStream.range(0, tasks).boxed().toList(), options);
            List<Long> received = new ArrayList<>(tasks);
            Thread collector = Thread.ofPlatform().start(() -> results.forEachRemaining(value -> {
                synchronized (received) {
                    received.add(value);
                }
                delivered.incrementAndGet();
            }));
            long s0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).until(() -> delivered.get() >= 1_500);
            System.err.println("PROGRESS first 1500 in " + (System.nanoTime() - s0) / 1_000_000 + " ms");
            long killedPid = workers.pids().getFirst();
            workers.kill(0);
            assertThat(ProcessHandle.of(killedPid)).isEmpty();
            assertThat(delivered.get()).isLessThan(tasks);
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(300)).conditionEvaluationListener(condition -> System.err.println(
                    "PROGRESS " + (System.nanoTime() - t0) / 1_000_000 + " ms delivered " + delivered.get()))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> !collector.isAlive());
            synchronized (received) {
                assertThat(received).hasSize(tasks);
                assertThat(received.stream().sorted().toList())
                        .isEqualTo(LongStream.range(0, tasks).map(x -> x * 2).boxed().toList());
            }
            assertThat(highestProgress.get()).isEqualTo(tasks);
        }
    }
}
