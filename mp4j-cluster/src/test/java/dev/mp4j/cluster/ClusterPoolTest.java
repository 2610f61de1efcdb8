package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.RemoteTraceback;
import dev.mp4j.pool.ResultIterator;
import dev.mp4j.pool.TaskTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pool on Engine.CLUSTER against a real redis-server and two real worker JVMs. */
class ClusterPoolTest {
    private static RedisServer redis;
    private static LocalWorkers workers;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(2).workersPerJvm(2).classPath(TestClassPath.full()).start();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Pool pool() {
        return Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(2).build();
    }

    @Test
    void mapRunsOnWorkerJvmsAndKeepsItemOrder() {
        try (Pool pool = pool()) {
            List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), IntStream.range(0, 40).boxed().toList(), 1);
            assertThat(new HashSet<>(pids)).isSubsetOf(new HashSet<>(workers.pids()))
                    .doesNotContain(ProcessHandle.current().pid());
            List<Integer> cubes = pool.map(x -> x * x * x, IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(cubes).isEqualTo(IntStream.rangeClosed(1, 100).map(x -> x * x * x).boxed().toList());
        }
    }

    @Test
    void applyStarmapImapAndSubmitWork() throws Exception {
        try (Pool pool = pool()) {
            assertThat(pool.apply(() -> "hello from " + ProcessHandle.current().pid())).startsWith("hello from ");
            assertThat(pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5))))
                    .containsExactly(6, 20);
            assertThat(pool.starmap((Integer a, Integer b, Integer c) -> a * b + c, List.of(List.of(2, 3, 1), List.of(4, 5, 2))))
                    .containsExactly(7, 22);
            try (ResultIterator<Integer> naturals = pool.imap((Integer x) -> x, () -> java.util.stream.Stream.iterate(0, n -> n + 1).iterator(),
                    MapOptions.defaults().withReadAhead(4))) {
                assertThat(List.of(naturals.next(), naturals.next(), naturals.next())).as("an infinite input streams").containsExactly(0, 1, 2);
            }
            ResultIterator<Integer> ordered = pool.imap(x -> x + 1, List.of(1, 2, 3));
            List<Integer> got = new ArrayList<>();
            ordered.forEachRemaining(got::add);
            assertThat(got).containsExactly(2, 3, 4);
            Set<Integer> unordered = new HashSet<>();
            pool.imapUnordered(x -> x * 10, List.of(1, 2, 3)).forEachRemaining(unordered::add);
            assertThat(unordered).containsExactlyInAnyOrder(10, 20, 30);
            Future<String> submitted = pool.submit((java.util.concurrent.Callable<String> & java.io.Serializable) () -> "called");
            assertThat(submitted.get(30, TimeUnit.SECONDS)).isEqualTo("called");
            assertThat(pool.mapAsync(x -> x, List.<Integer>of()).join()).isEmpty();
        }
    }

    @Test
    void taskExceptionArrivesWithItsRemoteStackTrace() {
        try (Pool pool = pool()) {
            AsyncResult<Integer> result = pool.applyAsync(() -> {
                throw new IllegalArgumentException("bad input 42");
            });
            assertThatThrownBy(result::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad input 42")
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(RemoteTraceback.class)
                            .hasMessageContaining("ClusterPoolTest"));
            SerializableFunction<Integer, Integer> failOnThree = x -> {
                if (x == 3) {
                    throw new IllegalStateException("three");
                }
                return x;
            };
            assertThatThrownBy(() -> pool.map(failOnThree, List.of(1, 2, 3, 4)))
                    .isInstanceOf(CompletionException.class).cause().hasMessage("three");
        }
    }

    @Test
    void unserializableArgumentsFailTheCallClearly() {
        try (Pool pool = pool()) {
            Object notSerializable = new Object();
            assertThatThrownBy(() -> pool.apply(() -> notSerializable.hashCode()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot send the task to a cluster worker")
                    .hasMessageContaining("java.lang.Object");
            assertThatThrownBy(() -> pool.map(x -> x, List.of(new Object())))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arguments");
        }
    }

    @Test
    void timeoutFailsTheTaskAndCancelsIt() {
        try (Pool pool = pool()) {
            AsyncResult<Object> slow = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return "late";
            }, MapOptions.DEFAULTS.withTimeout(Duration.ofMillis(500)));
            assertThatThrownBy(slow::join).cause().isInstanceOf(TaskTimeoutException.class);
            // the cancelled task freed its worker thread: the pool keeps working
            assertThat(pool.apply(() -> 7)).isEqualTo(7);
        }
    }

    @Test
    void timeoutInterruptsTheTaskOnItsWorker() {
        try (Pool pool = pool(); Cluster cluster = Cluster.connect(redis.address())) {
            dev.mp4j.manager.SharedValue<String> probe = cluster.value("timeout-probe", "waiting");
            AsyncResult<Object> slow = pool.applyAsync(() -> {
                probe.set("running");
                try {
                    Thread.sleep(60_000);
                    return "late";
                } catch (InterruptedException e) {
                    probe.set("interrupted on " + ProcessHandle.current().pid());
                    throw e;
                }
            }, MapOptions.DEFAULTS.withTimeout(Duration.ofSeconds(2)));
            assertThatThrownBy(slow::join).cause().isInstanceOf(TaskTimeoutException.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> probe.get().startsWith("interrupted on "));
            long pid = Long.parseLong(probe.get().substring("interrupted on ".length()));
            assertThat(workers.pids()).contains(pid);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aCallRefusedInTheMiddleOfItsBurstLeavesTheThreadsNextCallsUnheld() throws Exception {
        try (Pool pool = pool()) {
            List arguments = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                arguments.add(Map.entry(i, i));
            }
            arguments.add("not an entry"); // refused after ten chunks were queued, held for one pipeline
            assertThatThrownBy(() -> pool.starmapAsync((Integer a, Integer b) -> a + b, arguments, MapOptions.DEFAULTS.withChunksize(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starmap argument 10");
            // the burst ended with the refusal: this thread's next tasks go out at once
            assertThat(pool.applyAsync(() -> 7).get(20, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(pool.map(x -> x * 2, List.of(1, 2, 3), 1)).containsExactly(2, 4, 6);
        }
    }

    @Test
    void longTasksSpreadOverAllWorkerJvmsAfterShortOnes() {
        try (Pool pool = pool()) {
            pool.map(x -> x, IntStream.range(0, 2_000).boxed().toList(), 1); // the workers prefetch while tasks are this short
            List<Long> pids = pool.map(x -> {
                java.util.concurrent.locks.LockSupport.parkNanos(300_000_000);
                return ProcessHandle.current().pid();
            }, IntStream.range(0, 8).boxed().toList(), 1);
            Map<Long, Long> perJvm = pids.stream().collect(java.util.stream.Collectors.groupingBy(p -> p,
                    java.util.stream.Collectors.counting()));
            assertThat(perJvm.keySet()).containsExactlyInAnyOrderElementsOf(workers.pids());
            assertThat(perJvm.values()).as("tasks per worker JVM").allMatch(n -> n >= 2);
        }
    }

    @Test
    void longCallsOfAFunctionSpreadOverAllWorkerJvmsRightAfterShortCallsOfIt() {
        SerializableFunction<Integer, Long> work = x -> {
            if (x >= 1_000_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(300_000_000);
            }
            return ProcessHandle.current().pid();
        };
        try (Pool pool = pool()) {
            for (int i = 0; i < 20; i++) {
                pool.map(work, IntStream.range(0, 200).boxed().toList(), 1); // short: the workers prefetch
            }
            List<Long> pids = pool.map(work, IntStream.range(1_000_000, 1_000_008).boxed().toList(), 1);
            Map<Long, Long> perJvm = pids.stream().collect(java.util.stream.Collectors.groupingBy(p -> p,
                    java.util.stream.Collectors.counting()));
            assertThat(perJvm.keySet()).containsExactlyInAnyOrderElementsOf(workers.pids());
            assertThat(perJvm.values()).as("long tasks per worker JVM").allMatch(n -> n >= 2);
        }
    }

    @Test
    void longTasksQueuedBehindABurstOfShortOnesSpreadOverAllWorkerJvms() throws Exception {
        try (Pool pool = pool()) {
            pool.map(x -> x, IntStream.range(0, 2_000).boxed().toList(), 1);
            // while the workers fetch the short ones in batches, the long ones are right behind them
            AsyncResult<List<Integer>> burst = pool.mapAsync(x -> x, IntStream.range(0, 20_000).boxed().toList(),
                    MapOptions.DEFAULTS.withChunksize(1));
            List<AsyncResult<Long>> longOnes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                longOnes.add(pool.applyAsync(() -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(300_000_000);
                    return ProcessHandle.current().pid();
                }));
            }
            assertThat(burst.get(60, TimeUnit.SECONDS)).hasSize(20_000);
            Map<Long, Long> perJvm = new java.util.HashMap<>();
            for (AsyncResult<Long> task : longOnes) {
                perJvm.merge(task.get(60, TimeUnit.SECONDS), 1L, Long::sum);
            }
            assertThat(perJvm.keySet()).containsExactlyInAnyOrderElementsOf(workers.pids());
            assertThat(perJvm.values()).as("long tasks per worker JVM").allMatch(n -> n >= 2);
        }
    }

    @Test
    void aMalformedTaskMessageIsDroppedAndTheWorkersKeepServing() {
        RedisAddress address = RedisAddress.parse(redis.address());
        org.redisson.api.RedissonClient client = dev.mp4j.cluster.internal.RedisConnections.acquire(address);
        try (Pool pool = pool()) {
            org.redisson.api.RStream<byte[], byte[]> stream = client.getStream(dev.mp4j.cluster.internal.ClusterNames.TASK_STREAM,
                    org.redisson.client.codec.ByteArrayCodec.INSTANCE);
            org.redisson.api.StreamMessageId junk = stream.add(org.redisson.api.stream.StreamAddArgs.entry(
                    "t".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "not a task".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3), 1)).containsExactly(2, 3, 4);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> stream.range(junk, junk).isEmpty());
            assertThat(pool.apply(() -> "still serving")).isEqualTo("still serving");
        } finally {
            dev.mp4j.cluster.internal.RedisConnections.release(address);
        }
    }

    @Test
    void closedPoolRefusesTasksAndJoinWaits() throws InterruptedException {
        Pool pool = pool();
        AsyncResult<Integer> pending = pool.applyAsync(() -> {
            Thread.sleep(200);
            return 5;
        });
        assertThatThrownBy(pool::join).isInstanceOf(IllegalStateException.class);
        pool.shutdown();
        assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        pool.join();
        assertThat(pending.join()).isEqualTo(5);
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void terminateCancelsPendingTasks() {
        Pool pool = pool();
        AsyncResult<Object> stuck = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return null;
        });
        pool.terminate();
        assertThatThrownBy(stuck::join).hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void workerPidsListsTheLiveWorkerJvms() {
        try (Pool pool = pool()) {
            assertThat(pool.workerPids()).containsAll(workers.pids());
        }
    }

    @Test
    void clusterNeedsAnAddress() {
        assertThatThrownBy(() -> Pool.builder().engine(Engine.CLUSTER).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MP4J_REDIS");
        assertThatThrownBy(() -> Pool.builder().redis("http://localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
        assertThatThrownBy(() -> Pool.builder().engine(Engine.CLUSTER).redis("redis://127.0.0.1:1").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot connect to Redis at redis://127.0.0.1:1");
    }
}
