package dev.mp4j.pool;

import dev.mp4j.Process;
import dev.mp4j.ProcessStartException;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A child JVM that cannot start never makes a pool restart it without end, nor a call hang: the
 * pool breaks after a few attempts in a row, quoting what the child printed. A task whose classes
 * a child could not load is refused before anything starts, saying why and what to do.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerStartFailureTest {

    /** A class path whose first entry holds a truncated WorkerMain.class: every child JVM dies loading it. */
    private static String brokenClassPath(Path dir) throws Exception {
        Path broken = dir.resolve("broken");
        Path workerMain = broken.resolve("dev/mp4j/internal/process/WorkerMain.class");
        Files.createDirectories(workerMain.getParent());
        Files.write(workerMain, new byte[] {(byte) 0xCA, (byte) 0xFE});
        return broken + File.pathSeparator + dev.mp4j.internal.process.ProcessEngine.get().childClassPath();
    }

    /** Runs {@code body} with System.err captured (child JVMs' stderr is copied there). */
    private static String capturingStderr(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aPoolWhoseWorkersCannotStartBreaksWithinSecondsQuotingTheChildAndLeavesNoJvm(@TempDir Path dir) throws Exception {
        String classPath = brokenClassPath(dir);
        long started = System.nanoTime();
        String stderr = capturingStderr(() -> {
            try (Pool pool = Pool.builder().processes(2).childClassPath(classPath).build()) {
                AsyncResult<Integer> pending = pool.applyAsync(() -> 42);
                assertThatThrownBy(pending::join).isInstanceOf(CompletionException.class).cause()
                        .isInstanceOf(BrokenPoolException.class)
                        .hasMessageContaining("worker JVMs in a row could not start")
                        .hasMessageContaining("Truncated class file")
                        .cause().isInstanceOf(ProcessStartException.class)
                        .satisfies(e -> assertThat(((ProcessStartException) e).exitCode()).hasValue(1));
                assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(BrokenPoolException.class);
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        // each child's own line (the pool's log quotes them indented)
        int attempts = count(stderr, "(?m)^Error: LinkageError occurred while loading main class");
        assertThat(attempts).as("start attempts").isBetween(dev.mp4j.internal.pool.PoolCore.MAX_START_FAILURES,
                2 + dev.mp4j.internal.pool.PoolCore.MAX_START_FAILURES - 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jvmsWith(dir.toString()).isEmpty());
    }

    @Test
    void aJvmOptionTheChildRefusesBreaksThePoolAndIsQuoted() {
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-Xmx1k").build()) {
            assertThatThrownBy(() -> pool.map(x -> x, List.of(1, 2, 3))).cause()
                    .isInstanceOf(BrokenPoolException.class)
                    .hasMessageContaining("Too small maximum heap")
                    .hasMessageContaining("The JVM could not start with the options given");
        }
    }

    @Test
    void aProcessWhoseChildCannotStartEndsWithAnExitCodeAndJoinReturns(@TempDir Path dir) throws Exception {
        Process process = Process.builder().childClassPath(brokenClassPath(dir)).target(() -> { }).build();
        process.start();
        assertThat(process.join(Duration.ofSeconds(30))).isTrue();
        assertThat(process.exitCode()).hasValue(1);
    }

    @Test
    void aTaskWhoseClassGivesNoAccessToItsBytesIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        byte[] bytes = jobBytes();
        ClassLoader secretive = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.equals(JOB)) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
                }
            }
        };
        Object hidden = secretive.loadClass(JOB).getConstructor(String.class).newInstance(dir.resolve("never").toString());
        long started = System.nanoTime();
        assertThatThrownBy(() -> Process.of((SerializableRunnable) hidden).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(JOB)
                .hasMessageContaining("gives no access to its bytes")
                .hasMessageContaining("Engine.THREADS");
        try (Pool pool = Pool.create(1)) {
            @SuppressWarnings("unchecked")
            SerializableCallable<String> task = (SerializableCallable<String>) hidden;
            assertThatThrownBy(() -> pool.applyAsync(task)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gives no access to its bytes");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProcessTargetFromAnotherClassLoaderRunsInAChildWhosePathIncludesIt(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        Path classes = dir.resolve("plugin-classes");
        Path file = classes.resolve(JOB.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, jobBytes());
        try (URLClassLoader plugin = new ChildFirst(classes.toUri().toURL(), getClass().getClassLoader())) {
            Object job = plugin.loadClass(JOB).getConstructor(String.class).newInstance(marker.toString());
            assertThat(job.getClass().getClassLoader()).isSameAs(plugin);
            Process process = Process.of((SerializableRunnable) job);
            process.start();
            assertThat(process.join(Duration.ofSeconds(60))).isTrue();
            assertThat(process.exitCode()).hasValue(0);
            assertThat(marker).hasContent("ran");

            // a pool's workers are already running: a task from elsewhere is refused with the remedy
            try (Pool pool = Pool.create(1)) {
                @SuppressWarnings("unchecked")
                SerializableCallable<String> task = (SerializableCallable<String>) job;
                assertThatThrownBy(() -> pool.applyAsync(task)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(classes.toString())
                        .hasMessageContaining("Pool.builder().childClassPath(");
            }
        }
    }

    private static final String JOB = "plugin.Job";

    private static byte[] jobBytes() throws Exception {
        try (var in = WorkerStartFailureTest.class.getClassLoader().getResourceAsStream(JOB.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Loads {@code plugin.*} itself (as a plugin loader does), everything else from its parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL url, ClassLoader parent) {
            super(new URL[] {url}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("plugin.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static List<ProcessHandle> jvmsWith(String argument) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(argument)).orElse(false)).toList();
    }

    /** Copies to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
