package dev.mp4j;

import dev.mp4j.internal.runtime.ProcessLogger;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** getContext(...), Finalizer (multiprocessing.util.Finalize) and the logging helpers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContextFinalizerLoggingTest {

    @Test
    void forkIsRefusedWithTheAlternativesAndUnknownNamesAreNamed() {
        assertThatThrownBy(() -> Multiprocessing.getContext("fork")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot exist on the JVM").hasMessageContaining("forkserver").hasMessageContaining("spawn");
        assertThatThrownBy(() -> Multiprocessing.getContext("vfork")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot find context for 'vfork'");
        assertThat(Multiprocessing.getAllStartMethods()).containsExactly("forkserver", "spawn", "threads");
        assertThat(Multiprocessing.getStartMethod()).isEqualTo("forkserver");
        assertThat(Multiprocessing.getContext().startMethod()).isEqualTo("forkserver");
        assertThat(Multiprocessing.getContext("threads").engine()).isEqualTo(Engine.THREADS);
    }

    @Test
    void aSpawnContextStartsFreshJvmsForProcessesAndPools() throws Exception {
        Context ctx = Multiprocessing.getContext("spawn");
        Queue<Object> seen = ctx.queue();
        long before = ticksSinceBoot();
        Process p = ctx.process(() -> {
            seen.add(Multiprocessing.getStartMethod());
            seen.add(startTicks());
        });
        p.start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(seen.take()).isEqualTo("spawn");
        assertThat((Long) seen.take()).as("the JVM started after start(), not a waiting spare")
                .isGreaterThanOrEqualTo(before - 1);
        try (Pool pool = ctx.pool(1)) {
            assertThat(pool.apply(Multiprocessing::getStartMethod)).isEqualTo("spawn");
        }
    }

    /** Now, in the clock ticks (1/100 s) since boot that /proc/PID/stat counts start times in. */
    private static long ticksSinceBoot() throws java.io.IOException {
        String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0];
        return Math.round(Double.parseDouble(uptime) * 100);
    }

    /** When this process started, in clock ticks since boot (field 22 of /proc/self/stat). */
    private static long startTicks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void forkserverAndThreadsContextsMapOntoTheirEngines() throws Exception {
        Queue<Object> seen = Queue.create();
        Context forkserver = Multiprocessing.getContext("forkserver");
        Process child = forkserver.process(() -> seen.add(Multiprocessing.getStartMethod()));
        child.start();
        assertThat(child.join(Duration.ofSeconds(60))).isTrue();
        assertThat(seen.take()).isEqualTo("forkserver");
        assertThat(child.engine()).isEqualTo(Engine.PROCESSES);
        Context threads = Multiprocessing.getContext("threads");
        Process thread = threads.process(() -> seen.add(ProcessHandle.current().pid()));
        thread.start();
        thread.join();
        assertThat(seen.take()).isEqualTo(ProcessHandle.current().pid());
        try (Pool pool = threads.pool(2)) {
            assertThat(pool.engine()).isEqualTo(Engine.THREADS);
        }
        assertThat(threads.lock().acquire(false)).isTrue();
    }

    // ---- Finalizer

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void exitCallbacksRunWhenTheProcessExitsInPriorityOrder(Engine engine) throws Exception {
        Queue<String> ran = Queue.create();
        Process p = Process.of(engine, () -> {
            Finalizer.atExit(() -> ran.add("zero-first-registered"));
            Finalizer.atExit(() -> ran.add("ten"), 10);
            Finalizer.atExit(() -> ran.add("minus-five"), -5);
            Finalizer.atExit(() -> ran.add("zero-last-registered"));
            Finalizer.atExit(() -> {
                throw new IllegalStateException("a failing callback does not stop the others");
            }, 5);
            Finalizer cancelled = Finalizer.atExit(() -> ran.add("cancelled"), 20);
            Finalizer early = Finalizer.atExit(() -> ran.add("early"), 30);
            cancelled.cancel();
            early.run();
            if (early.run() || early.isPending() || cancelled.isPending()) {
                ran.add("ran twice");
            }
        });
        p.start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        List<String> order = new ArrayList<>();
        while (!ran.isEmpty()) {
            order.add(ran.take());
        }
        assertThat(order).containsExactly("early", "ten", "zero-last-registered", "zero-first-registered", "minus-five");
    }

    @Test
    void aCallbackRunsOnceWhenItsObjectBecomesUnreachable() {
        Queue<String> ran = Queue.create();
        Object buffer = new byte[1024];
        Finalizer finalizer = Finalizer.whenUnreachable(buffer, () -> ran.add("released"));
        assertThat(finalizer.isPending()).isTrue();
        assertThat(finalizer.exitPriority()).isNull();
        buffer = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return !finalizer.isPending();
        });
        assertThat(ran.poll()).isEqualTo("released");
        assertThat(finalizer.run()).isFalse();
        assertThat(ran.poll()).isNull();
    }

    // ---- logging

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void logToStderrWritesPythonsFormatHereAndInChildren(Engine engine) throws Exception {
        Logger logger = Multiprocessing.getLogger();
        assertThat(Multiprocessing.getLogger()).isSameAs(logger);
        assertThat(logger.getName()).isEqualTo("dev.mp4j");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Queue<String> childRecords = Queue.create();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(Multiprocessing.logToStderr(Level.INFO)).isSameAs(logger);
            logger.debug("not shown");
            logger.info("hello {}", "there");
            logger.warn("failed", new IllegalStateException("the cause"));
            Process p = Process.builder().engine(engine).name("logging-child").target(() -> {
                ByteArrayOutputStream mine = new ByteArrayOutputStream();
                PrintStream before = System.err;
                System.setErr(new PrintStream(mine, true, StandardCharsets.UTF_8));
                try {
                    Multiprocessing.getLogger().debug("not shown in the child");
                    Multiprocessing.getLogger().info("from the child");
                } finally {
                    System.setErr(before);
                }
                childRecords.add(mine.toString(StandardCharsets.UTF_8).strip());
            }).build();
            p.start();
            assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        } finally {
            System.setErr(original);
            ProcessLogger.get().stopLoggingToStderr();
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("not shown").contains("[INFO/MainProcess] hello there")
                .contains("[WARN/MainProcess] failed").contains("java.lang.IllegalStateException: the cause");
        assertThat(childRecords.take()).isEqualTo("[INFO/logging-child] from the child");
    }
}
