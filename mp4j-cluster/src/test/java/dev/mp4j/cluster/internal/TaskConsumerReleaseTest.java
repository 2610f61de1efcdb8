package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.pool.TaskKind;
import org.junit.jupiter.api.Test;
import org.redisson.api.RDeque;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.ByteArrayCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM that holds more tasks than it has threads, while none completes, hands the queued
 * ones back for idle workers: long tasks do not wait behind each other on one JVM while another
 * JVM's threads are idle, and each runs exactly once. An outcome waits for the tasks queued behind
 * it only briefly, never for a long one.
 */
class TaskConsumerReleaseTest {
    private static final String REPLIES = "mp4j:test:release-replies";

    /**
     * Queues {@code count} one-item map tasks of {@code function} (items 0, 1, ...) and has a worker
     * that then dies read them all: they wait, pending, for a live consumer to claim them.
     */
    private static void queueTasksReadByADeadWorker(RStream<byte[], byte[]> stream, SerializableFunction<Integer, Integer> function,
                                                    int count) {
        stream.createGroup(StreamCreateGroupArgs.name(ClusterNames.WORKER_GROUP).id(new StreamMessageId(0, 0)).makeStream());
        byte[] encoded = Codec.standard().encode(function);
        for (int i = 0; i < count; i++) {
            byte[] items = Codec.standard().encode(ValueList.wrap(List.of(i)));
            byte[] task = new ClusterTask(i, REPLIES, "release-test", null, List.of(), TaskKind.MAP, encoded, items).encode();
            stream.add(StreamAddArgs.entry(ClusterNames.TASK_FIELD.getBytes(java.nio.charset.StandardCharsets.US_ASCII), task));
        }
        assertThat(stream.readGroup(ClusterNames.WORKER_GROUP, "dead-worker", StreamReadGroupArgs.neverDelivered().count(count)))
                .hasSize(count);
    }

    @Test
    void aBacklogClaimedFromADeadWorkerIsSharedWithAnIdleWorkerInsteadOfWaitingBehindOneThread() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            RedisAddress address = RedisAddress.parse(redis.address());
            TaskDispatcher dispatcher = TaskDispatcher.acquire(address);
            TaskConsumer first = null;
            TaskConsumer second = null;
            try {
                RStream<byte[], byte[]> stream = dispatcher.client().getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
                SerializableFunction<Integer, Integer> slow = x -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                    return x * 10;
                };
                // the first live consumer to claim the six takes the whole batch
                queueTasksReadByADeadWorker(stream, slow, 6);

                first = new TaskConsumer(dispatcher.client(), address, 1);
                second = new TaskConsumer(dispatcher.client(), address, 1);
                first.start();
                second.start();
                TaskConsumer a = first;
                TaskConsumer b = second;
                // the claim comes after the retry interval; well within one task's time (2 s) the consumer
                // that claimed the six keeps at most two (one running, one its read waiting since start may
                // bring back) and the other runs one
                await().atMost(Duration.ofSeconds(15)).until(() -> a.heldCount() + b.heldCount() > 0);
                await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                    int held = Math.max(a.heldCount(), b.heldCount());
                    assertThat(held).as("tasks held by the consumer that claimed the six").isBetween(1, 2);
                    assertThat(Math.min(a.heldCount(), b.heldCount())).as("tasks held by the other consumer").isEqualTo(1);
                });

                RDeque<byte[]> replies = dispatcher.client().getDeque(REPLIES, ByteArrayCodec.INSTANCE);
                await().atMost(Duration.ofSeconds(30)).until(() -> replies.size() >= 6);
                List<Long> keys = new ArrayList<>();
                for (byte[] reply : replies.readAll()) {
                    TaskOutcome outcome = TaskOutcome.decode(reply);
                    assertThat(outcome.ok()).isTrue();
                    keys.add(outcome.key());
                }
                assertThat(keys).as("each task ran exactly once").containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 0);
                Map<StreamMessageId, Map<byte[], byte[]>> left = stream.range(StreamMessageId.MIN, StreamMessageId.MAX);
                assertThat(left).as("messages left on the task stream").isEmpty();
            } finally {
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
                TaskDispatcher.release(dispatcher);
            }
        }
    }
    @Test
    void anOutcomeDoesNotWaitBehindALongTaskQueuedAfterItOnTheSameWorker() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            RedisAddress address = RedisAddress.parse(redis.address());
            TaskDispatcher dispatcher = TaskDispatcher.acquire(address);
            TaskConsumer consumer = null;
            try {
                RStream<byte[], byte[]> stream = dispatcher.client().getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
                // a short task, then a long one; the short one lasts long enough for both to be queued when it ends
                SerializableFunction<Integer, Integer> work = x -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(x > 0 ? 4_000 : 300).toNanos());
                    return x;
                };
                // both claimed at once by a one-thread worker: the long one waits in its local queue as the short one ends
                queueTasksReadByADeadWorker(stream, work, 2);
                consumer = new TaskConsumer(dispatcher.client(), address, 1);
                consumer.start();
                TaskConsumer worker = consumer;
                await().atMost(Duration.ofSeconds(15)).until(() -> worker.heldCount() > 0);
                RDeque<byte[]> replies = dispatcher.client().getDeque(REPLIES, ByteArrayCodec.INSTANCE);
                await().atMost(Duration.ofSeconds(2)).until(() -> !replies.isEmpty()); // well before the long task ends
                assertThat(TaskOutcome.decode(replies.getFirst()).key()).isZero();
                await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 2);
            } finally {
                if (consumer != null) {
                    consumer.close();
                }
                TaskDispatcher.release(dispatcher);
            }
        }
    }
}
