package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.WorkerStats;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cluster pool's stats, its JMX beans and the cluster's worker JVMs as Redis shows them. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterObserveTest {
    private RedisServer redis;
    private LocalWorkers workers;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(2).workersPerJvm(2).classPath(TestClassPath.full()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aClusterPoolShowsTheWorkerJvmsTheirWorkAndTheFailuresWithTracebacks() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(4).name("observed-cluster")
                .jmx(true).build()) {
            assertThat(pool.map(x -> x + 1, IntStream.range(0, 40).boxed().toList(), 4)).hasSize(40);
            List<AsyncResult<Integer>> failing = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                failing.add(pool.applyAsync(() -> {
                    throw new IllegalStateException("cluster task refused");
                }));
            }
            failing.forEach(r -> r.handle((v, e) -> e).join());

            Set<Long> pids = Set.copyOf(workers.pids());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PoolStats stats = pool.stats();
                assertThat(stats.workers()).extracting(WorkerStats::pid).containsExactlyInAnyOrderElementsOf(pids);
                assertThat(stats.workers().stream().mapToLong(WorkerStats::completed).sum()).isEqualTo(10);
                assertThat(stats.workers().stream().mapToLong(WorkerStats::failed).sum()).isEqualTo(3);
            });
            PoolStats stats = pool.stats();
            assertThat(stats.engine()).isEqualTo(Engine.CLUSTER);
            assertThat(stats.submitted()).isEqualTo(13);
            assertThat(stats.queued()).isZero();
            assertThat(stats.completed()).isEqualTo(10);
            assertThat(stats.failed()).isEqualTo(3);
            assertThat(stats.recentFailures()).hasSize(3)
                    .allSatisfy(f -> assertThat(f.traceback()).contains("cluster task refused", "ClusterObserveTest"));

            ObjectName poolBean = new ObjectName("dev.mp4j:type=Pool,name=" + ObjectName.quote("observed-cluster"));
            assertThat(server.getAttribute(poolBean, "Completed")).isEqualTo(10L);
            ObjectName clusterBean = server.queryNames(new ObjectName("dev.mp4j:type=Cluster,*"), null).iterator().next();
            assertThat(server.getAttribute(clusterBean, "WorkersAlive")).isEqualTo(2);
            assertThat(server.getAttribute(clusterBean, "WorkerThreads")).isEqualTo(4);
            try (var monitor = new dev.mp4j.cluster.internal.ClusterStatus(RedisAddress.parse(redis.address()))) {
                assertThat(monitor.stats().queued()).as("every task's result is in").isZero();
                assertThat(monitor.stats().completed()).isEqualTo(10);
            }
            assertThat(server.getAttribute(clusterBean, "Address")).isEqualTo(String.valueOf(server.getAttribute(clusterBean, "Address")))
                    .asString().doesNotContain("@");

            workers.kill(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.stats().workers().size() == 1);
            assertThat(server.getAttribute(clusterBean, "WorkersAlive")).isEqualTo(1);
        }
        assertThat(server.queryNames(new ObjectName("dev.mp4j:*"), null)).isEmpty();
    }
}
