package dev.mp4j;

import dev.mp4j.function.SerializableRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Python's Process semantics on the thread and process engines. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessTest {

    private static void parkForever() {
        LockSupport.parkNanos(Duration.ofMinutes(2).toNanos());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "VIRTUAL_THREADS", "PROCESSES"})
    void lifecycleErrorsAreThePythonOnes(Engine engine) throws Exception {
        Process p = Process.of(engine, () -> { });
        assertThatThrownBy(p::join).isInstanceOf(IllegalStateException.class).hasMessage("can only join a started process");
        assertThat(p.exitCode()).isEmpty();
        assertThat(p.isAlive()).isFalse();
        p.start();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessage("cannot start a process twice");
        p.join();
        assertThat(p.exitCode()).hasValue(0);
        p.close();
        assertThatThrownBy(p::isAlive).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        p.close(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void uncaughtExceptionGivesExitCodeOneAndClosingARunningProcessIsRefused(Engine engine) throws Exception {
        Process failing = Process.of(engine, () -> {
            throw new IllegalStateException("boom");
        });
        failing.start();
        failing.join();
        assertThat(failing.exitCode()).hasValue(1);

        Process running = Process.of(engine, ProcessTest::parkForever);
        running.start();
        try {
            assertThat(running.join(Duration.ofMillis(100))).isFalse();
            assertThat(running.isAlive()).isTrue();
            assertThatThrownBy(running::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");
            assertThat(Multiprocessing.activeChildren()).contains(running);
        } finally {
            running.terminate();
            assertThat(running.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(Multiprocessing.activeChildren()).doesNotContain(running);
    }

    @Test
    void exitCodesOfChildJvmsFollowPython() throws Exception {
        Process exits = Process.of(() -> System.exit(7));
        exits.start();
        exits.join();
        assertThat(exits.exitCode()).hasValue(7);

        Process killed = Process.of(ProcessTest::parkForever);
        killed.start();
        assertThat(killed.pid()).isNotEqualTo(ProcessHandle.current().pid());
        killed.kill();
        killed.join();
        assertThat(killed.exitCode()).hasValue(-9);

        Process terminated = Process.of(ProcessTest::parkForever);
        terminated.start();
        terminated.terminate();
        terminated.join();
        assertThat(terminated.exitCode()).hasValue(-15);
    }

    /**
     * As Python's child does, a child JVM waits for every non-daemon thread before it exits, also
     * one started by a thread that has already ended, and then exits 0.
     */
    @Test
    void aChildWaitsForNonDaemonThreadsStartedByItsThreads() throws Exception {
        java.nio.file.Path marker = java.nio.file.Files.createTempDirectory("mp4j-threads").resolve("written-last");
        String path = marker.toString();
        Process p = Process.of(() -> Thread.ofPlatform().start(() -> Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300); // outlives the thread that started it
                java.nio.file.Files.writeString(java.nio.file.Path.of(path), "done");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })));
        p.start();
        p.join(Duration.ofSeconds(60));
        assertThat(p.exitCode()).hasValue(0);
        assertThat(marker).hasContent("done");
        java.nio.file.Files.delete(marker);
        java.nio.file.Files.delete(marker.getParent());
    }

    @Test
    void joiningItselfIsRefusedOnThreads() throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicReference<Process> self = new AtomicReference<>();
        Process p = Process.builder().engine(Engine.THREADS).target(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> self.get() != null);
            try {
                self.get().join();
            } catch (Throwable t) {
                error.set(t);
            }
        }).build();
        self.set(p);
        p.start();
        p.join();
        assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessage("cannot join current process");
    }

    @Test
    void killingAThreadIsRefusedWithTheAlternativeNamed() throws Exception {
        Process p = Process.of(Engine.THREADS, ProcessTest::parkForever);
        p.start();
        assertThatThrownBy(p::kill).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Engine.PROCESSES");
        p.terminate();
        assertThat(p.join(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void namesAndDaemonDefaultsAndCurrentProcessInThreads() throws Exception {
        AtomicReference<ProcessInfo> seen = new AtomicReference<>();
        AtomicReference<ProcessInfo> parent = new AtomicReference<>();
        Process p = Process.builder().engine(Engine.THREADS).target(() -> {
            seen.set(Multiprocessing.currentProcess());
            parent.set(Multiprocessing.parentProcess().orElseThrow());
        }).build();
        assertThat(p.name()).matches("Process-\\d+");
        assertThat(p.isDaemon()).isFalse();
        p.start();
        p.join();
        assertThat(seen.get().name()).isEqualTo(p.name());
        assertThat(parent.get().name()).isEqualTo("MainProcess");
        assertThat(Multiprocessing.currentProcess().name()).isEqualTo("MainProcess");
        assertThat(Multiprocessing.parentProcess()).isEmpty();
        assertThat(Multiprocessing.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThatThrownBy(() -> Process.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Process.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
    }

    static final class HoldsAThread implements SerializableRunnable {
        private final Thread worker = new Thread(() -> { });

        @Override
        public void run() {
            worker.start();
        }
    }

    @Test
    void unserializableTargetFailsInStartNamingClassAndFieldBeforeAnySpawn() {
        Process p = Process.of(new HoldsAThread());
        java.util.Set<Long> childrenBefore = childPids();
        assertThatThrownBy(p::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'worker' of " + HoldsAThread.class.getName())
                .hasMessageContaining("java.lang.Thread");
        Object notSerializable = new Object();
        Process lambda = Process.of(() -> notSerializable.hashCode());
        assertThatThrownBy(lambda::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("captured argument 0 of the lambda in " + ProcessTest.class.getName())
                .hasMessageContaining("java.lang.Object");
        java.util.Set<Long> started = childPids();
        started.removeAll(childrenBefore);
        // spares the engine refills on its own may appear meanwhile: no other child may
        started.removeAll(dev.mp4j.internal.process.ProcessEngine.get().sparePids());
        started.removeIf(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                .map(line -> line.contains("mp4j-aot-training")).orElse(true));
        assertThat(started).as("children started for the refused targets").isEmpty();
    }

    private static java.util.Set<Long> childPids() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    record Payload(int value) implements Serializable {
    }
}
