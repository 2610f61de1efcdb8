package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed and restarted empty (no persistence) in the middle of a run: every pending task
 * either completes with its result or fails with a ClusterConnectionException; none waits
 * forever, and the pool and its worker keep working against the new server.
 */
class ClusterRedisRestartTest {
    private RedisServer redis;
    private LocalWorkers workers;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(1).workersPerJvm(2).classPath(TestClassPath.full()).start();
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
    void restartWithDataLossFailsPendingTasksClearlyAndNeverHangs() throws Exception {
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(2).build()) {
            assertThat(pool.apply(() -> "ready")).isEqualTo("ready");
            List<AsyncResult<Integer>> pending = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int value = i;
                pending.add(pool.applyAsync(() -> {
                    LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                    return value;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pending.getFirst().isDone());
            redis.restart();
            await().atMost(Duration.ofSeconds(90)).until(() -> pending.stream().allMatch(AsyncResult::isDone));
            int succeeded = 0;
            int failed = 0;
            for (int i = 0; i < pending.size(); i++) {
                AsyncResult<Integer> result = pending.get(i);
                if (result.isCompletedExceptionally()) {
                    failed++;
                    Throwable cause = result.exceptionNow();
                    assertThat(cause).isInstanceOf(ClusterConnectionException.class)
                            .hasMessageContaining("lost its data").hasMessageContaining(redis.address());
                } else {
                    succeeded++;
                    assertThat(result.join()).isEqualTo(i);
                }
            }
            assertThat(succeeded + failed).isEqualTo(20);
            assertThat(failed).as("the restart lost queued tasks, which must fail, not vanish").isPositive();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> pool.applyAsync(() -> "again").get(Duration.ofSeconds(20)).equals("again"));
        }
    }
}
