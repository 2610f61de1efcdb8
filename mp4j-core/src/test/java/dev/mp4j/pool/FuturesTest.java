package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.mp4j.pool.Futures.ReturnWhen.ALL_COMPLETED;
import static dev.mp4j.pool.Futures.ReturnWhen.FIRST_COMPLETED;
import static dev.mp4j.pool.Futures.ReturnWhen.FIRST_EXCEPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** concurrent.futures' wait and as_completed over pool results and any other Future. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FuturesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /*
     * Every task waits for its own gate, opened in submission order: on PROCESSES a worker may hold
     * a task behind the one it runs, so a task is only waited for once those before it may finish.
     */

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void waitReturnsDoneAndNotDoneSetsForEachCondition(Engine engine) throws Exception {
        try (PoolExecutor executor = PoolExecutor.of(Pool.builder().engine(engine).processes(2).build());
             Gate gateA = new Gate(); Gate gateB = new Gate(); Gate gateFailing = new Gate(); Gate gateC = new Gate()) {
            Event openA = gateA.event;
            Event openB = gateB.event;
            Event openFailing = gateFailing.event;
            Event openC = gateC.event;
            AsyncResult<String> a = executor.submit(() -> opened(openA, "a"));
            AsyncResult<String> b = executor.submit(() -> opened(openB, "b"));
            AsyncResult<String> failing = executor.submit(() -> {
                opened(openFailing, "failing");
                throw new IllegalStateException("boom");
            });
            AsyncResult<String> c = executor.submit(() -> opened(openC, "c"));

            Futures.DoneAndNotDone<AsyncResult<String>> timedOut = Futures.wait(List.of(a, b), Duration.ofMillis(100), ALL_COMPLETED);
            assertThat(timedOut.done()).isEmpty();
            assertThat(timedOut.notDone()).containsExactly(a, b);
            assertThat(Futures.wait(List.of(a), Duration.ZERO, ALL_COMPLETED).notDone()).containsExactly(a);

            gateA.close();
            Futures.DoneAndNotDone<AsyncResult<String>> first = Futures.wait(List.of(b, a, a), WAIT, FIRST_COMPLETED);
            assertThat(first.done()).containsExactly(a);
            assertThat(first.notDone()).containsExactly(b);

            gateB.close();
            gateFailing.close();
            Futures.DoneAndNotDone<AsyncResult<String>> exception = Futures.wait(List.of(c, failing), WAIT, FIRST_EXCEPTION);
            assertThat(exception.done()).containsExactly(failing);
            assertThat(exception.notDone()).containsExactly(c);

            gateC.close();
            Futures.DoneAndNotDone<AsyncResult<String>> all = Futures.wait(List.of(a, b, failing, c), WAIT, ALL_COMPLETED);
            assertThat(all.done()).containsExactly(a, b, failing, c);
            assertThat(all.notDone()).isEmpty();
            assertThat(c.join()).isEqualTo("c");
        }
    }

    static String opened(Event gate, String value) throws InterruptedException {
        gate.await();
        return value;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void asCompletedYieldsInCompletionOrderAndTimesOut(Engine engine) throws Exception {
        try (PoolExecutor executor = PoolExecutor.of(Pool.builder().engine(engine).processes(2).build());
             Gate firstGate = new Gate(); Gate secondGate = new Gate()) {
            Event openFirst = firstGate.event;
            Event openSecond = secondGate.event;
            AsyncResult<String> first = executor.submit(() -> opened(openFirst, "first"));
            AsyncResult<String> second = executor.submit(() -> opened(openSecond, "second"));
            Iterable<AsyncResult<String>> timed = Futures.asCompleted(List.of(second, first), Duration.ofMillis(200));
            Iterator<AsyncResult<String>> expired = timed.iterator();
            assertThatThrownBy(expired::next).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(TimeoutException.class).hasMessage("2 (of 2) futures unfinished");
            assertThatThrownBy(timed::iterator).isInstanceOf(IllegalStateException.class);

            Iterator<AsyncResult<String>> order = Futures.asCompleted(List.of(second, first), WAIT).iterator();
            firstGate.close();
            assertThat(order.next()).isSameAs(first);
            secondGate.close();
            assertThat(order.next()).isSameAs(second);
            assertThat(order.hasNext()).isFalse();

            List<String> values = new ArrayList<>();
            for (AsyncResult<String> done : Futures.asCompleted(List.of(second, first))) {
                values.add(done.join());
            }
            assertThat(values).containsExactly("second", "first"); // both already done: in the order given
        }
    }

    /** Futures of a plain ExecutorService (polled) and CompletableFutures (callbacks) work the same. */
    @Test
    void anyFutureWorks() throws Exception {
        ExecutorService plain = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<String> gate = new CompletableFuture<>();
            Future<String> blocked = plain.submit(() -> gate.get(60, TimeUnit.SECONDS));
            Future<String> quick = plain.submit(() -> "quick");
            CompletableFuture<String> completable = new CompletableFuture<>();
            List<Future<String>> futures = List.of(blocked, quick, completable);
            assertThat(Futures.wait(futures, WAIT, FIRST_COMPLETED).done()).containsExactly(quick);
            Iterator<Future<String>> order = Futures.asCompleted(futures, WAIT).iterator();
            assertThat(order.next()).isSameAs(quick);
            completable.complete("completable");
            assertThat(order.next()).isSameAs(completable);
            gate.complete("blocked");
            assertThat(order.next()).isSameAs(blocked);
            assertThat(order.hasNext()).isFalse();
            assertThat(Futures.wait(List.<Future<String>>of(), FIRST_COMPLETED).done()).isEmpty();
            assertThatThrownBy(() -> Futures.wait(futures, Duration.ofSeconds(-1), ALL_COMPLETED))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        } finally {
            plain.shutdownNow();
        }
    }
}
