package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.pool.TaskKind;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.ByteArrayCodec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * A worker's read waiting on the empty stream with room for a map's chunks gets all of them in
     * one reply: Redis serves a blocked XREADGROUP after each command, so the burst goes in one
     * MULTI ... EXEC (as separate XADDs, the first woke the read with one task, the rest stayed for
     * the next read, a round trip later).
     */
    @Test
    void aWaitingReadWithRoomGetsTheWholeBurstInOneReply() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            TaskDispatcher dispatcher = TaskDispatcher.acquire(RedisAddress.parse(redis.address()));
            AtomicInteger failed = new AtomicInteger();
            try {
                RStream<byte[], byte[]> stream = dispatcher.client().getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
                stream.createGroup(StreamCreateGroupArgs.name(ClusterNames.WORKER_GROUP).id(new StreamMessageId(0, 0)).makeStream());
                var read = stream.readGroupAsync(ClusterNames.WORKER_GROUP, "waiting-worker",
                        StreamReadGroupArgs.neverDelivered().count(8).timeout(Duration.ofSeconds(30)));
                RedisAddress address = RedisAddress.parse(redis.address());
                await().atMost(Duration.ofSeconds(10)).until(() -> clientList(address).contains("cmd=xreadgroup"));

                dispatcher.hold();
                for (int i = 0; i < 8; i++) {
                    dispatcher.submit(task(dispatcher), null, (outcome, error) -> failed.incrementAndGet());
                }
                dispatcher.release();

                assertThat(read.toCompletableFuture().get(20, TimeUnit.SECONDS)).as("tasks in the waiting read's reply").hasSize(8);
                assertThat(failed).as("tasks failed while Redis was up").hasValue(0);
            } finally {
                TaskDispatcher.release(dispatcher);
            }
        }
    }

    /** Redis's {@code CLIENT LIST}: which connections wait in which command. */
    private static String clientList(RedisAddress address) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(address.host(), address.port())) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            out.write(("AUTH " + address.password() + "\r\nCLIENT LIST\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String auth = in.readLine();
            assertThat(auth).as("AUTH reply").isEqualTo("+OK");
            String header = in.readLine(); // $<length> of the bulk string
            char[] body = new char[Integer.parseInt(header.substring(1))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(body, 0, read);
        }
    }

    private static ClusterTask task(TaskDispatcher dispatcher) {
        return new ClusterTask(dispatcher.nextKey(), dispatcher.replyTo(), "burst-test", null, List.of(), TaskKind.CALL,
                new byte[] {1}, null);
    }
}
