package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ProcessPoolExecutor / ThreadPoolExecutor: concurrent.futures' Executor. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolExecutorTest {

    private static PoolExecutor executor(Engine engine) {
        return engine == Engine.PROCESSES ? ProcessPoolExecutor.create(2) : ThreadPoolExecutor.create(2);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void submitAndMapWithChunksize(Engine engine) throws Exception {
        try (PoolExecutor executor = executor(engine)) {
            assertThat(executor.pool().engine()).isEqualTo(engine);
            AsyncResult<Long> pid = executor.submit(() -> ProcessHandle.current().pid());
            long self = ProcessHandle.current().pid();
            if (engine == Engine.PROCESSES) {
                assertThat(pid.get(Duration.ofSeconds(60))).isNotEqualTo(self);
            } else {
                assertThat(pid.get(Duration.ofSeconds(60))).isEqualTo(self);
            }
            List<Integer> squares = new ArrayList<>();
            executor.map((Integer x) -> x * x, IntStream.range(0, 50).boxed().toList(), Duration.ofSeconds(60), 7)
                    .forEachRemaining(squares::add);
            assertThat(squares).isEqualTo(IntStream.range(0, 50).map(x -> x * x).boxed().toList());
            assertThatThrownBy(() -> executor.map((Integer x) -> x, List.of(1), null, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunksize");
        }
        assertThatThrownBy(() -> ProcessPoolExecutor.create(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void mapEndsAtItsTimeoutAndAtTheFirstFailure(Engine engine) {
        try (PoolExecutor executor = executor(engine); Gate gate = new Gate()) {
            Event release = gate.event;
            assertThat(executor.map((Integer x) -> x, List.of(1, 2)).next()).isEqualTo(1); // the workers have started
            ResultIterator<Integer> results = executor.map((Integer x) -> {
                if (x == 2) {
                    PoolCancelTest.awaitQuietly(release);
                }
                return x;
            }, List.of(0, 1, 2, 3), Duration.ofSeconds(2), 1);
            assertThat(results.next()).isZero();
            assertThat(results.next()).isEqualTo(1);
            assertThatThrownBy(results::next).isInstanceOf(CompletionException.class).cause().isInstanceOf(TimeoutException.class);
            assertThat(results.hasNext()).as("the iteration ends at its timeout").isFalse();
            release.set();

            ResultIterator<Integer> failing = executor.map((Integer x) -> 10 / x, List.of(1, 0, 2));
            assertThat(failing.next()).isEqualTo(10);
            assertThatThrownBy(failing::next).cause().isInstanceOf(ArithmeticException.class);
            assertThat(failing.hasNext()).as("concurrent.futures' map ends at the first failure").isFalse();
        }
    }
}
