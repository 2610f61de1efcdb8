package dev.mp4j.pool;

import dev.mp4j.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What CPython's Pool cannot do: survive dead workers without hanging or losing tasks. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolFaultTest {

    @Test
    void workerKilledMidTaskFailsOnlyThatTaskAndIsReplaced() {
        try (Pool pool = Pool.create(2)) {
            long parent = ProcessHandle.current().pid();
            AsyncResult<Long> victim = pool.applyAsync(() -> {
                long self = ProcessHandle.current().pid();
                new ProcessBuilder("kill", "-9", Long.toString(self)).start().waitFor();
                Thread.sleep(10_000);
                return self;
            });
            List<Integer> others = pool.map(x -> x * 2, IntStream.range(0, 200).boxed().toList(), 1);
            assertThat(others).hasSize(200).doesNotContainNull().startsWith(0, 2, 4);
            assertThatThrownBy(victim::join).cause().isInstanceOf(WorkerDiedException.class)
                    .hasMessageContaining("exit code -9").hasMessageContaining("SIGKILL");
            WorkerDiedException died = (WorkerDiedException) victim.exceptionNow();
            assertThat(died.pid()).isNotEqualTo(parent);
            assertThat(died.exitCode()).isEqualTo(-9);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().size() == 2);
            assertThat(pool.apply(() -> 1)).isEqualTo(1);
        }
    }

    /**
     * An interrupt of a thread that submits (and so may be writing to a worker's pipe at that
     * moment: an idle worker's task is sent by the submitting thread) costs neither the worker nor
     * a task: every call completes with its result, on the same worker JVM. An interruptible
     * channel would be closed by such an interrupt, and its worker would read end of stream and exit.
     */
    @Test
    void interruptingASubmittingThreadLosesNoWorkerAndNoTask() throws Exception {
        try (Pool pool = Pool.builder().engine(dev.mp4j.Engine.PROCESSES).processes(1).build()) {
            assertThat(pool.apply(() -> 0)).isZero();
            List<Long> pids = pool.workerPids();
            List<AsyncResult<Integer>> results = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread submitter = Thread.ofPlatform().unstarted(() -> {
                for (int i = 0; i < 20_000; i++) {
                    int value = i;
                    results.add(pool.applyAsync(() -> value));
                    if (i % 64 == 0) {
                        awaitIgnoringInterrupts(results.get(i)); // the worker goes idle: this thread sends the next call
                    }
                }
            });
            submitter.setUncaughtExceptionHandler((thread, error) -> failure.set(error));
            submitter.start();
            while (submitter.isAlive()) {
                submitter.interrupt();
                Thread.onSpinWait();
            }
            assertThat(failure.get()).isNull();
            assertThat(results).hasSize(20_000);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(pool.workerPids()).isEqualTo(pids);
        }
    }

    /** A task that returns with its thread's interrupt status set leaves its worker serving, as the next task's. */
    @Test
    void aTaskThatLeavesItsThreadInterruptedLeavesItsWorkerServing() {
        try (Pool pool = Pool.builder().engine(dev.mp4j.Engine.PROCESSES).processes(1).build()) {
            assertThat(pool.apply(() -> 0)).isZero();
            List<Long> pids = pool.workerPids();
            assertThat(pool.apply(() -> {
                Thread.currentThread().interrupt();
                return 1;
            })).isEqualTo(1);
            assertThat(pool.apply(() -> Thread.currentThread().isInterrupted())).isFalse();
            assertThat(pool.map(x -> x + 1, IntStream.range(0, 1000).boxed().toList())).hasSize(1000).endsWith(1000);
            assertThat(pool.workerPids()).isEqualTo(pids);
        }
    }

    private static void awaitIgnoringInterrupts(AsyncResult<Integer> result) {
        while (true) {
            try {
                result.get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                // the interrupts are the test's: wait again
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void systemExitAndOutOfMemoryInATaskAreReportedAsWorkerDeath() {
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-Xmx48m").build()) {
            AsyncResult<Object> exit = pool.applyAsync(() -> {
                System.exit(7);
                return null;
            });
            assertThatThrownBy(exit::join).cause().isInstanceOf(WorkerDiedException.class).hasMessageContaining("exit code 7");
            AsyncResult<Object> oom = pool.applyAsync(() -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            });
            assertThatThrownBy(oom::join).cause().isInstanceOf(OutOfMemoryError.class);
            assertThat(pool.apply(() -> "alive")).isEqualTo("alive");
        }
    }

    @Test
    void queuedTasksOfADeadWorkerRunElsewhereExactlyOnce() {
        try (Pool pool = Pool.create(2)) {
            List<Integer> items = IntStream.range(0, 2000).boxed().toList();
            AsyncResult<List<Integer>> all = pool.mapAsync(x -> {
                if (x == 500) {
                    Runtime.getRuntime().halt(3);
                }
                return x;
            }, items, MapOptions.defaults().withChunksize(1));
            assertThatThrownBy(all::join).cause().isInstanceOf(WorkerDiedException.class).hasMessageContaining("exit code 3");
            List<Integer> again = pool.map(x -> x, items, 1);
            assertThat(again).isEqualTo(items);
        }
    }

    @Test
    void unserializableTaskFailsAtSubmissionNamingTheField() {
        try (Pool pool = Pool.create(1)) {
            Thread notSerializable = new Thread(() -> { });
            assertThatThrownBy(() -> pool.apply(() -> notSerializable.getName()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("captured argument 0")
                    .hasMessageContaining("java.lang.Thread");
            assertThatThrownBy(() -> pool.map(x -> x, List.of(new Object())))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object")
                    .cause().isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void terminateCancelsQueuedWorkAndLeavesNoProcess() throws Exception {
        Pool pool = Pool.create(2);
        List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4), 1);
        AsyncResult<List<Integer>> running = pool.mapAsync(x -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            for (long left; (left = deadline - System.nanoTime()) > 0; ) { // a park may return early
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
            return x;
        }, List.of(1, 2, 3, 4, 5, 6), MapOptions.defaults().withChunksize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !pool.workerPids().isEmpty());
        List<Long> workers = pool.workerPids();
        pool.terminate();
        pool.join();
        assertThatThrownBy(running::join).cause().isInstanceOf(CancellationException.class);
        for (long pid : workers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }
        assertThat(pids).isNotEmpty();
    }

}
