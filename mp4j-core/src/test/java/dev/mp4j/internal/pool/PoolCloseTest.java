package dev.mp4j.internal.pool;

import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code close()} while tasks still run returns once they are done: a worker busy when its pool is
 * closed retires with its last result, without waiting for the feeder's poll interval (raised
 * here to two minutes, so that a worker waiting for it would hold {@code close()} that long).
 */
class PoolCloseTest {

    @Test
    void closeWhileATaskRunsReturnsWithTheTasksResult() throws Exception {
        long poll = PoolCore.pollMillis;
        Path directory = Files.createTempDirectory("mp4j-close");
        Path release = directory.resolve("release");
        String releasePath = release.toString();
        Pool pool = Pool.create(1);
        try {
            assertThat(pool.apply(() -> 1)).isEqualTo(1); // the worker is up
            PoolCore.pollMillis = 120_000;
            AsyncResult<Integer> running = pool.applyAsync(() -> {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!Files.exists(Path.of(releasePath)) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                return 7;
            });
            Thread closer = Thread.ofPlatform().name("closer").start(pool::close);
            // close() has queued the wake-ups and waits for the worker: the worker's feeder took its wake-up with the task in flight
            await().atMost(Duration.ofSeconds(30)).until(() -> closer.getState() == Thread.State.WAITING
                    || closer.getState() == Thread.State.TIMED_WAITING);
            Files.writeString(release, "go");
            assertThat(closer.join(Duration.ofSeconds(30))).as("close() returned after the task's result").isTrue();
            assertThat(running.get()).isEqualTo(7);
            assertThat(pool.isTerminated()).isTrue();
        } finally {
            PoolCore.pollMillis = poll;
            pool.terminate();
            Files.deleteIfExists(release);
            Files.delete(directory);
        }
    }
}
