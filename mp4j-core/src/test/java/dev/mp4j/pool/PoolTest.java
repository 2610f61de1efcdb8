package dev.mp4j.pool;

import dev.mp4j.Engine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's Pool API, the same on every local engine. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolTest {

    private static Pool pool(Engine engine, int workers) {
        return Pool.builder().engine(engine).processes(workers).build();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "VIRTUAL_THREADS", "PROCESSES"})
    void mapReturnsResultsInItemOrder(Engine engine) {
        try (Pool pool = pool(engine, 2)) {
            List<Integer> items = IntStream.rangeClosed(1, 1000).boxed().toList();
            assertThat(pool.map(x -> x * x * x, items)).isEqualTo(items.stream().map(x -> x * x * x).toList());
            assertThat(pool.map(x -> x + 1, items, 1)).hasSize(1000).startsWith(2, 3).endsWith(1001);
            assertThat(pool.map(x -> x, List.of())).isEmpty();
        }
    }

    /**
     * A map takes its items when it is called, whatever the kind of list: changing the list while
     * its chunks wait for the worker changes no result. Every kind of input gives the same results
     * in item order, with a chunksize that does not divide the length and one larger than it.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aMapTakesItsItemsWhenCalledFromAnyKindOfInput(Engine engine) throws Exception {
        List<Integer> expected = IntStream.range(0, 1001).map(x -> 2 * x).boxed().toList();
        try (Pool pool = pool(engine, 1); Gate gate = new Gate()) {
            dev.mp4j.sync.Event release = gate.event;
            List<Integer> items = new ArrayList<>(IntStream.range(0, 1001).boxed().toList());
            AsyncResult<List<Integer>> held = pool.mapAsync(x -> {
                if (x == 0) {
                    PoolCancelTest.awaitQuietly(release);
                }
                return 2 * x;
            }, items, MapOptions.defaults().withChunksize(7));
            items.replaceAll(x -> -1);
            items.add(5);
            release.set();
            assertThat(held.get(60, TimeUnit.SECONDS)).isEqualTo(expected);

            List<Integer> source = IntStream.range(0, 1001).boxed().toList();
            Iterable<Integer> lazy = () -> source.iterator();
            for (Iterable<Integer> input : List.of(source, new ArrayList<>(source), new java.util.LinkedList<>(source),
                    java.util.Arrays.asList(source.toArray(Integer[]::new)), source.subList(0, 1001), lazy)) {
                assertThat(pool.map(x -> 2 * x, input, 7)).as(input.getClass().getName()).isEqualTo(expected);
                assertThat(pool.map(x -> 2 * x, input, 5000)).isEqualTo(expected);
                assertThat(pool.map(x -> 2 * x, input)).isEqualTo(expected);
            }
        }
    }

    /**
     * A one-worker pool runs tasks in submission order whether the submitting thread sends a task
     * itself (the worker was idle) or the worker's feeder takes it from the queue.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void oneWorkerRunsTasksInSubmissionOrder(Engine engine) throws Exception {
        try (Pool pool = pool(engine, 1)) {
            List<AsyncResult<Long>> started = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                started.add(pool.applyAsync(System::nanoTime));
                if (i % 50 == 0) {
                    started.getLast().get(30, TimeUnit.SECONDS); // let the worker go idle: the next task is sent directly
                }
            }
            long previous = Long.MIN_VALUE;
            for (AsyncResult<Long> result : started) {
                long runAt = result.get(30, TimeUnit.SECONDS);
                assertThat(runAt).isGreaterThan(previous);
                previous = runAt;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void applyAsyncStarmapAndImapKeepPythonSemantics(Engine engine) throws Exception {
        try (Pool pool = pool(engine, 2)) {
            assertThat(pool.apply(() -> "hello".length())).isEqualTo(5);
            AsyncResult<String> async = pool.applyAsync(() -> "x".repeat(3));
            assertThat(async.get(Duration.ofSeconds(30))).isEqualTo("xxx");
            assertThat(async.ready()).isTrue();
            assertThat(async.successful()).isTrue();
            assertThat(pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5))))
                    .containsExactly(6, 20);
            List<Integer> ordered = new ArrayList<>();
            pool.<Integer, Integer>imap(x -> x * 2, List.of(1, 2, 3, 4, 5)).forEachRemaining(ordered::add);
            assertThat(ordered).containsExactly(2, 4, 6, 8, 10);
            Set<Integer> unordered = new HashSet<>();
            pool.<Integer, Integer>imapUnordered(x -> x * 2, List.of(1, 2, 3, 4, 5)).forEachRemaining(unordered::add);
            assertThat(unordered).containsExactlyInAnyOrder(2, 4, 6, 8, 10);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void exceptionReachesCallerWithRemoteTraceback(Engine engine) {
        try (Pool pool = pool(engine, 1)) {
            AsyncResult<Integer> result = pool.applyAsync(() -> {
                throw new IllegalArgumentException("bad input 42");
            });
            assertThatThrownBy(() -> result.get(Duration.ofSeconds(30)))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad input 42");
            assertThat(result.successful()).isFalse();
            if (engine == Engine.PROCESSES) {
                Throwable cause = result.exceptionNow();
                assertThat(cause.getCause()).isInstanceOf(RemoteTraceback.class)
                        .hasMessageContaining("IllegalArgumentException: bad input 42")
                        .hasMessageContaining("PoolTest");
            }
            assertThatThrownBy(() -> pool.map(x -> 10 / x, List.of(1, 0, 2)))
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(ArithmeticException.class);
            assertThat(pool.apply(() -> 7)).as("pool keeps serving after failures").isEqualTo(7);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void getWithTimeoutThrowsTimeoutAndReadyIsFalse(Engine engine) throws Exception {
        try (Pool pool = pool(engine, 1)) {
            AsyncResult<Integer> slow = pool.applyAsync(() -> {
                Thread.sleep(2_000);
                return 1;
            });
            assertThatThrownBy(() -> slow.get(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
            assertThat(slow.ready()).isFalse();
            assertThatThrownBy(slow::successful).isInstanceOf(IllegalStateException.class);
            assertThat(slow.get(Duration.ofSeconds(30))).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void perTaskTimeoutFailsTheTaskAndThePoolRecovers(Engine engine) {
        try (Pool pool = pool(engine, 1)) {
            AsyncResult<Integer> stuck = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 1;
            }, MapOptions.defaults().withTimeout(Duration.ofMillis(300)));
            assertThatThrownBy(stuck::join).cause().isInstanceOf(TaskTimeoutException.class);
            assertThat(pool.apply(() -> 2)).isEqualTo(2);
            List<Integer> mapped = pool.map(x -> x + 1, List.of(1, 2, 3), MapOptions.defaults().withTimeout(Duration.ofSeconds(30)));
            assertThat(mapped).containsExactly(2, 3, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void callbacksRunWithResultOrError(Engine engine) throws Exception {
        try (Pool pool = pool(engine, 2)) {
            var results = new java.util.concurrent.LinkedBlockingQueue<Object>();
            pool.applyAsync(() -> 21 * 2, results::add, results::add);
            pool.applyAsync(() -> {
                throw new IllegalStateException("nope");
            }, results::add, results::add);
            Object first = results.poll(30, TimeUnit.SECONDS);
            Object second = results.poll(30, TimeUnit.SECONDS);
            assertThat(List.of(first, second)).anySatisfy(r -> assertThat(r).isEqualTo(42))
                    .anySatisfy(r -> assertThat(r).isInstanceOf(IllegalStateException.class));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void initializerRunsOncePerWorkerAndMaxTasksPerChildReplacesWorkers(Engine engine) {
        try (Pool pool = Pool.builder().engine(engine).processes(2).maxTasksPerChild(3)
                .initializer(() -> System.setProperty("mp4j.test.initialized", "yes")).build()) {
            List<String> seen = pool.map(x -> System.getProperty("mp4j.test.initialized") + ":" + x, List.of(1, 2, 3), 1);
            assertThat(seen).containsExactly("yes:1", "yes:2", "yes:3");
            if (engine == Engine.PROCESSES) {
                List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), IntStream.range(0, 12).boxed().toList(), 1);
                assertThat(new HashSet<>(pids)).as("workers retire after 3 tasks each").hasSizeGreaterThanOrEqualTo(4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void closedPoolRejectsAndJoinRequiresClose(Engine engine) throws Exception {
        Pool pool = pool(engine, 1);
        assertThatThrownBy(pool::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");
        AsyncResult<Integer> queued = pool.applyAsync(() -> 5);
        pool.shutdown();
        assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
        pool.join();
        assertThat(queued.join()).as("close() finishes queued work").isEqualTo(5);
        assertThat(pool.isTerminated()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void progressIsReportedUpToTheTotal(Engine engine) {
        try (Pool pool = pool(engine, 2)) {
            AtomicLong last = new AtomicLong();
            Set<Long> totals = ConcurrentHashMap.newKeySet();
            pool.map(x -> x, IntStream.range(0, 100).boxed().toList(),
                    MapOptions.defaults().withChunksize(10).withProgress((done, total) -> {
                        last.accumulateAndGet(done, Math::max);
                        totals.add(total);
                    }));
            assertThat(last.get()).isEqualTo(100);
            assertThat(totals).containsExactly(100L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void isAnExecutorService(Engine engine) throws Exception {
        try (Pool pool = pool(engine, 2)) {
            var futures = pool.invokeAll(List.of(
                    (dev.mp4j.function.SerializableCallable<Integer>) () -> 1,
                    (dev.mp4j.function.SerializableCallable<Integer>) () -> 2));
            assertThat(futures.get(0).get() + futures.get(1).get()).isEqualTo(3);
            assertThat(pool.submit((dev.mp4j.function.SerializableCallable<String>) () -> "ok").get()).isEqualTo("ok");
        }
    }

    /**
     * A worker JVM keeps a bounded table of functions and the parent mirrors it: a function the
     * worker dropped for newer ones is sent again when needed (here the table holds 2, and three
     * capturing lambdas come between two maps of the same function). A function used for many
     * items is, once the worker is idle, replaced by the deserialized lambda: same results.
     */
    @org.junit.jupiter.api.Test
    void aFunctionTheWorkerDroppedIsSentAgainAndAHeavilyUsedOneKeepsItsResults() throws Exception {
        String property = "mp4j.poolFunctionsPerWorker";
        Pool pool;
        System.setProperty(property, "2");
        try {
            pool = pool(Engine.PROCESSES, 1);
        } finally {
            System.clearProperty(property);
        }
        try (pool) {
            dev.mp4j.function.SerializableFunction<Integer, Integer> next = x -> x + 1;
            List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
            List<Integer> expected = items.stream().map(x -> x + 1).toList();
            assertThat(pool.map(next, items)).isEqualTo(expected);
            for (int k = 0; k < 3; k++) {
                int offset = 100 * k;
                assertThat(pool.apply(() -> offset + 1)).isEqualTo(offset + 1);
            }
            assertThat(pool.map(next, items)).as("after the worker dropped the function").isEqualTo(expected);
            assertThat(pool.map(next, items)).isEqualTo(expected);
        }
        assertThatThrownBy(() -> {
            System.setProperty(property, "0");
            try {
                pool(Engine.PROCESSES, 1).close();
            } finally {
                System.clearProperty(property);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(property);
    }
}
