package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.pool.TaskKind;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.client.codec.ByteArrayCodec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst (a map's chunks, submitted by one thread with its items in memory) is held until it
 * ends, so that it reaches Redis in one pipeline; a full batch goes at once, and what another
 * thread submits is not held.
 */
class TaskDispatcherBurstTest {
    @Test
    void aHeldBurstGoesOutWhenItEndsAndAFullBatchWithoutWaitingForIt() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            TaskDispatcher dispatcher = TaskDispatcher.acquire(RedisAddress.parse(redis.address()));
            AtomicInteger failed = new AtomicInteger();
            try {
                RStream<byte[], byte[]> stream = dispatcher.client().getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
                dispatcher.hold();
                for (int i = 0; i < 3; i++) {
                    dispatcher.submit(task(dispatcher), null, (outcome, error) -> failed.incrementAndGet());
                }
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> stream.size() == 0);

                // another thread's task is not held, and its pipeline takes the held ones along
                Thread other = Thread.ofPlatform().start(() ->
                        dispatcher.submit(task(dispatcher), null, (outcome, error) -> failed.incrementAndGet()));
                other.join(10_000);
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 4);

                for (int i = 0; i < 2; i++) {
                    dispatcher.submit(task(dispatcher), null, (outcome, error) -> failed.incrementAndGet());
                }
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> stream.size() == 4);
                dispatcher.release();
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 6);

                dispatcher.hold();
                for (int i = 0; i < 512; i++) {
                    dispatcher.submit(task(dispatcher), null, (outcome, error) -> failed.incrementAndGet());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 518);
                dispatcher.release();
                assertThat(failed).as("tasks failed while Redis was up").hasValue(0);
            } finally {
                TaskDispatcher.release(dispatcher);
            }
        }
    }

    private static ClusterTask task(TaskDispatcher dispatcher) {
        return new ClusterTask(dispatcher.nextKey(), dispatcher.replyTo(), "burst-test", null, List.of(), TaskKind.CALL,
                new byte[] {1}, null);
    }
}
