package dev.mp4j.pool;

import dev.mp4j.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.mp4j.pool.Futures.ReturnWhen.FIRST_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples of the README's API section and of the javadoc of this package, as written there. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolApiExamplesTest {

    /** README, "concurrent.futures". */
    @Test
    void readmeProcessPoolExecutorExample() {
        List<Integer> seen = new ArrayList<>();
        try (PoolExecutor executor = ProcessPoolExecutor.create(4)) {
            List<AsyncResult<Integer>> futures = IntStream.range(0, 8).mapToObj(i -> executor.submit(() -> i * i)).toList();
            for (AsyncResult<Integer> done : Futures.asCompleted(futures, Duration.ofMinutes(1))) {
                seen.add(done.join());                                                  // in completion order
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 4, 9, 16, 25, 36, 49);
    }

    /** Javadoc of Pool.imap and Pool.starmap(SerializableFunction3, ...). */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void imapAndStarmapExamples(Engine engine) {
        try (Pool pool = Pool.builder().engine(engine).processes(2).build()) {
            Iterator<Integer> naturals = Stream.iterate(1, n -> n + 1).iterator();          // never ends
            try (ResultIterator<Integer> squares = pool.imap((Integer n) -> n * n, () -> naturals)) {
                assertThat(List.of(squares.next(), squares.next(), squares.next())).containsExactly(1, 4, 9);
            }
            List<Integer> volumes = pool.starmap((Integer l, Integer w, Integer h) -> l * w * h,
                    List.of(List.of(1, 2, 3), List.of(4, 5, 6)));   // [6, 120]
            assertThat(volumes).containsExactly(6, 120);
        }
    }

    /** Javadoc of Futures, PoolExecutor, ProcessPoolExecutor and ThreadPoolExecutor. */
    @Test
    void executorAndFuturesExamples() throws Exception {
        try (PoolExecutor executor = ProcessPoolExecutor.create(2)) {
            AsyncResult<Long> pid = executor.submit(() -> ProcessHandle.current().pid());   // another JVM's pid
            assertThat(pid.join()).isNotEqualTo(ProcessHandle.current().pid());
            AsyncResult<Integer> future = executor.submit(() -> 6 * 7);
            ResultIterator<Integer> squares = executor.map(x -> x * x, List.of(1, 2, 3), Duration.ofMinutes(1), 1);
            assertThat(future.join()).isEqualTo(42);
            assertThat(List.of(squares.next(), squares.next(), squares.next())).containsExactly(1, 4, 9);

            Pool pool = executor.pool();
            List<AsyncResult<Integer>> calls = List.of(pool.applyAsync(() -> 1), pool.applyAsync(() -> 2));
            Futures.DoneAndNotDone<AsyncResult<Integer>> first = Futures.wait(calls, Duration.ofSeconds(10), FIRST_COMPLETED);
            assertThat(first.done()).isNotEmpty();
            int sum = 0;
            for (AsyncResult<Integer> call : Futures.asCompleted(calls)) {
                sum += call.join();                                     // in completion order
            }
            assertThat(sum).isEqualTo(3);
        }
        List<String> words = List.of("pool", "futures", "java");
        int total = 0;
        try (PoolExecutor executor = ThreadPoolExecutor.create(8)) {
            List<AsyncResult<Integer>> lengths = words.stream().map(w -> executor.submit(() -> w.length())).toList();
            for (AsyncResult<Integer> length : Futures.asCompleted(lengths)) {
                total += length.join();                                          // in completion order
            }
        }
        assertThat(total).isEqualTo(15);
    }

    /** Javadoc of Pool.Builder.breakOnWorkerDeath. */
    @Test
    void brokenPoolExample() {
        try (Pool pool = Pool.builder().processes(2).breakOnWorkerDeath(true).build()) {
            AsyncResult<Integer> dies = pool.applyAsync(() -> { Runtime.getRuntime().halt(1); return 0; });
            assertThatThrownBy(dies::join).isInstanceOf(CompletionException.class).cause().isInstanceOf(BrokenPoolException.class);
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(BrokenPoolException.class);
        }
    }
}
