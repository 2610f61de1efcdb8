package dev.mp4j.micrometer;

import dev.mp4j.Engine;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The binder's numbers match the work done, read through Micrometer's SimpleMeterRegistry. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolMetricsTest {

    private static double value(SimpleMeterRegistry registry, String meter) {
        return registry.get(meter).tag("name", "billing").meter().measure().iterator().next().getValue();
    }

    @Test
    void aProcessPoolsMetersCountItsTasksFailuresTimeoutsAndWorkers() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Pool pool = Pool.builder().processes(2).name("billing").build()) {
            new PoolMetrics(pool, Tags.of("app", "test")).bindTo(registry);
            assertThat(value(registry, "executor.pool.size")).isEqualTo(2);
            assertThat(value(registry, "executor.completed")).isZero();

            List<Integer> doubled = pool.map(x -> x * 2, IntStream.range(0, 50).boxed().toList(), MapOptions.defaults().withChunksize(5));
            assertThat(doubled).hasSize(50);
            List<AsyncResult<Integer>> failing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                failing.add(pool.applyAsync(() -> {
                    throw new IllegalStateException("refused");
                }));
            }
            failing.forEach(r -> r.handle((v, e) -> e).join());
            AsyncResult<Integer> stuck = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 0;
            }, MapOptions.defaults().withTimeout(Duration.ofSeconds(2)));
            stuck.handle((v, e) -> e).join();
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, "mp4j.pool.workers.restarts") == 1
                    && value(registry, "mp4j.pool.workers") == 2);
            Thread.sleep(250); // past the binder's 200 ms snapshot

            assertThat(value(registry, "executor.completed")).isEqualTo(10);       // 50 items in chunks of 5
            assertThat(value(registry, "mp4j.pool.tasks.failed")).isEqualTo(5);    // 4 thrown + 1 timed out
            assertThat(value(registry, "mp4j.pool.tasks.timeouts")).isEqualTo(1);
            assertThat(value(registry, "executor.queued")).isZero();
            assertThat(value(registry, "executor.active")).isZero();
            assertThat(value(registry, "mp4j.pool.workers.started")).isEqualTo(3);
            FunctionTimer duration = registry.get("mp4j.pool.tasks.duration").tag("name", "billing").functionTimer();
            assertThat(duration.count()).isEqualTo(15);
            assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1500); // the stuck task ran 2 s
            assertThat(registry.get("executor.completed").tag("app", "test").functionCounter()).isNotNull();
            assertThat(registry.find("mp4j.cluster.workers").meters()).isEmpty();
        }
    }

    @Test
    void aThreadPoolShowsItsActiveTasksWhileTheyRun() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Pool pool = Pool.builder().engine(Engine.THREADS).processes(3).name("billing").build()) {
            new PoolMetrics(pool).bindTo(registry);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<AsyncResult<Integer>> running = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                running.add(pool.applyAsync(() -> {
                    release.await();
                    return 1;
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> value(registry, "executor.active") == 3
                    && value(registry, "executor.queued") == 2);
            release.countDown();
            running.forEach(AsyncResult::join);
            await().atMost(Duration.ofSeconds(10)).until(() -> value(registry, "executor.completed") == 5
                    && value(registry, "executor.active") == 0);
        }
    }

    @Test
    void queueDepthIsTheItemsNotYetTaken() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Queue<String> queue = Queue.create()) {
            new QueueMetrics(queue, "billing").bindTo(registry);
            for (int i = 0; i < 7; i++) {
                queue.put("item " + i);
            }
            queue.get();
            assertThat(value(registry, "mp4j.queue.size")).isEqualTo(6);
        }
    }
}
