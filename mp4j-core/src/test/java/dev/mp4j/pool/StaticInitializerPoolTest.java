package dev.mp4j.pool;

import dev.mp4j.Process;
import dev.mp4j.testing.JavaProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A process pool's worker, daemonic as in Python, cannot create a process pool ("daemonic processes
 * are not allowed to have children"). So a class whose static initializer creates a pool and maps a
 * lambda of its own fails at once with that message and how to fix it, where each worker ran the
 * initializer again (each a pool of its own, and so on). A child bootstrapping refuses a process.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StaticInitializerPoolTest {
    @Test
    void aStaticInitializerThatMapsItsOwnLambdaFailsSayingWhyInsteadOfMultiplyingJvms() throws Exception {
        String output = JavaProgram.run(StaticInitializerPoolCheck.class, List.of(), Map.of());
        assertThat(output).contains("initialization failed", "daemonic processes are not allowed to have children",
                "static initializer", "create the pool in main()");
    }

    /**
     * The same with a process: the child runs its target's static initializer, which would start the
     * next child, and so on (55 JVMs after 10 s). The child refuses, as Python's does in its
     * bootstrapping phase, and exits 1 with the reason.
     */
    @Test
    void aStaticInitializerThatStartsAProcessWithItsOwnLambdaStartsOneChildNotAChain() throws Exception {
        String output = JavaProgram.run(StaticInitializerProcessCheck.class, List.of(), Map.of());
        assertThat(output).contains("before the current process", "has finished its bootstrapping phase",
                "the static initializer of " + StaticInitializerProcessCheck.Starter.class.getName(), "the child exited with 1")
                .doesNotContain("the child ran its target");
    }

    @Test
    void aPoolWorkerMayUseThreadsButNotAProcessPool() {
        try (Pool pool = Pool.create(1)) {
            assertThat(pool.apply(() -> {
                try (Pool threads = ThreadPool.create(2)) {
                    return threads.map(x -> x + 1, List.of(1, 2), 1);
                }
            })).isEqualTo(List.of(2, 3));
            assertThatThrownBy(() -> pool.apply(() -> {
                try (Pool processes = Pool.create(1)) {
                    return processes.apply(() -> 1);
                }
            })).hasMessageContaining("daemonic processes are not allowed to have children");
        }
    }

    /** A class whose static initializer throws, but only in a worker JVM (where the parent is known). */
    static final class FailsToInitializeInWorkers {
        static final int VALUE;

        static {
            if (dev.mp4j.Multiprocessing.parentProcess().isPresent()) {
                throw new IllegalStateException("no configuration in a worker");
            }
            VALUE = 1;
        }

        static int addOne(int x) {
            return x + VALUE;
        }

        /** A lambda whose code lives in this class: a worker resolves it before any task runs. */
        static dev.mp4j.function.SerializableFunction<Integer, Integer> adder() {
            return x -> x + VALUE;
        }
    }

    @Test
    void aTaskWhoseClassFailsToInitializeInTheWorkerFailsAndTheWorkerServesOn() {
        try (Pool pool = Pool.create(1)) {
            long pid = pool.apply(() -> ProcessHandle.current().pid());
            for (int attempt = 0; attempt < 2; attempt++) { // the first initializes (and fails), the second meets the failed class
                assertThatThrownBy(() -> pool.map(FailsToInitializeInWorkers::addOne, List.of(1, 2), 1))
                        .hasStackTraceContaining("no configuration in a worker");
                assertThatThrownBy(() -> pool.map(FailsToInitializeInWorkers.adder(), List.of(1, 2), 1))
                        .hasStackTraceContaining("no configuration in a worker");
            }
            assertThat(pool.apply(() -> ProcessHandle.current().pid())).as("the same worker serves on").isEqualTo(pid);
        }
    }

    @Test
    void aNonDaemonProcessMayCreateAProcessPool() throws Exception {
        dev.mp4j.queue.Queue<List<Integer>> results = dev.mp4j.queue.Queue.create();
        Process child = Process.of(() -> {
            try (Pool pool = Pool.create(1)) {
                results.put(pool.map(x -> x * 3, List.of(1, 2), 1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        child.start();
        assertThat(results.get(true, java.time.Duration.ofSeconds(60))).isEqualTo(List.of(3, 6));
        child.join();
        assertThat(child.exitCode()).hasValue(0);
    }
}
