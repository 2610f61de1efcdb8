package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.queue.Queue;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The opt-in broken-pool mode: CPython's BrokenProcessPool semantics. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokenPoolTest {

    @Test
    void aWorkerDyingAbruptlyBreaksThePoolAndFailsEveryPendingCall() throws Exception {
        Event never = Event.create();
        Queue<Long> startedBy = Queue.create();
        Pool pool = Pool.builder().processes(2).breakOnWorkerDeath(true).build();
        try {
            List<AsyncResult<Long>> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.applyAsync(() -> {
                    startedBy.put(ProcessHandle.current().pid());
                    never.await();
                    return 0L;
                }));
            }
            Set<Long> workers = new HashSet<>();
            while (workers.size() < 2) {
                workers.add(startedBy.get(true, Duration.ofSeconds(60)));
            }
            List<AsyncResult<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(pool.applyAsync(() -> 1));
            }
            long victim = workers.iterator().next();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();

            for (AsyncResult<?> call : concat(held, queued)) {
                assertThatThrownBy(call::join).cause().isInstanceOf(BrokenPoolException.class)
                        .hasMessageContaining("pid " + victim).hasMessageContaining("breakOnWorkerDeath");
            }
            BrokenPoolException cause = (BrokenPoolException) held.getFirst().exceptionNow();
            assertThat(cause.getCause()).isInstanceOf(WorkerDiedException.class);
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(BrokenPoolException.class);
            assertThatThrownBy(() -> pool.map(x -> x, List.of(1, 2))).isInstanceOf(BrokenPoolException.class);
            assertThat(pool.isShutdown()).isTrue();
            pool.join();
            for (long pid : workers) {
                await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aTimeoutKillDoesNotBreakThePool() {
        try (Pool pool = Pool.builder().processes(1).breakOnWorkerDeath(true).build()) {
            AsyncResult<Integer> stuck = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 1;
            }, MapOptions.defaults().withTimeout(Duration.ofMillis(300)));
            assertThatThrownBy(stuck::join).cause().isInstanceOf(TaskTimeoutException.class);
            assertThat(pool.apply(() -> 2)).isEqualTo(2);
        }
    }

    @Test
    void threadEnginesRefuseTheMode() {
        assertThatThrownBy(() -> Pool.builder().engine(Engine.THREADS).breakOnWorkerDeath(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Engine.PROCESSES");
    }

    private static List<AsyncResult<?>> concat(List<? extends AsyncResult<?>> first, List<? extends AsyncResult<?>> second) {
        List<AsyncResult<?>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
