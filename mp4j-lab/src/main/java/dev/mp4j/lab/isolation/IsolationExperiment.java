package dev.mp4j.lab.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mp4j.lab.python.PythonTwin;
import dev.mp4j.pool.Pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The crash-isolation table, the reason {@code PROCESSES} exists in Java: each {@link Failure} in a
 * batch of ordinary tasks, on a {@code ThreadPool} (threads), a process {@code Pool} (processes)
 * and CPython's {@code multiprocessing.Pool}, as a table of outcomes.
 *
 * <p>The thread pool's batches run in a throwaway JVM started for each (a task that calls
 * {@code System.exit} would end the lab itself otherwise); the process pool's batches run in the
 * lab's own JVM, which they leave standing; CPython's in the twin script. A throwaway JVM or twin
 * that does not answer within {@link #DEADLINE} is killed and reported as hung.
 */
public final class IsolationExperiment {
    /** The longest a throwaway JVM or a twin may take. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private IsolationExperiment() {
    }

    /** One row: a failure on each runtime ({@code cpython} null when CPython did not run). */
    public record Row(Failure failure, Outcome threads, Outcome processes, Outcome cpython) {
    }

    /** The table and its one-sentence reading. */
    public record Result(List<Row> rows, String conclusion) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /** Told before each batch, for a progress display. */
    public interface Listener {
        void batch(String runtime, Failure failure);

        void done(String runtime, Failure failure, double seconds);
    }

    /** Runs every failure on every runtime. */
    public static Result run(PythonTwin python, Listener listener) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Failure failure : Failure.values()) {
            listener.batch("threads", failure);
            Outcome threads = onThreadsInThrowawayJvm(failure);
            listener.done("threads", failure, threads.seconds());
            listener.batch("processes", failure);
            Outcome processes = onProcesses(failure);
            listener.done("processes", failure, processes.seconds());
            Outcome cpython = null;
            if (python != null) {
                listener.batch("cpython", failure);
                cpython = onCpython(python, failure);
                listener.done("cpython", failure, cpython.seconds());
            }
            rows.add(new Row(failure, threads, processes, cpython));
        }
        return new Result(rows, conclusion(rows));
    }

    /** A batch on a process pool whose workers have a {@value IsolationProbe#HEAP_MB} MB heap, in this JVM. */
    public static Outcome onProcesses(Failure failure) throws InterruptedException {
        Pool pool = Pool.builder().processes(2).jvmOptions("-Xmx" + IsolationProbe.HEAP_MB + "m").name("isolation").build();
        try {
            return IsolationProbe.runBatch(pool, failure, false, null);
        } finally {
            // close, not terminate: every task has ended, and a replacement worker still starting is let go quietly
            pool.close();
        }
    }

    /** A batch on a thread pool in a throwaway JVM with a {@value IsolationProbe#HEAP_MB} MB heap. */
    public static Outcome onThreadsInThrowawayJvm(Failure failure) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx" + IsolationProbe.HEAP_MB + "m",
                "-cp", System.getProperty("java.class.path"), IsolationProbe.class.getName(), failure.argument());
        long start = System.nanoTime();
        java.lang.Process process = new ProcessBuilder(command).start();
        try {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            boolean ended = process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = stdout.get(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            int completed = (int) out.lines().filter(l -> l.startsWith("task ") && l.endsWith(" ok")).count();
            String outcome = out.lines().filter(l -> l.startsWith("outcome ")).findFirst().orElse(null);
            if (!ended) {
                return new Outcome("no answer within " + DEADLINE.toSeconds() + " s: the lab killed the JVM", completed,
                        IsolationProbe.OTHERS, false, null, null, seconds);
            }
            if (outcome != null) {
                Outcome reported = JSON.readValue(outcome.substring("outcome ".length()), Outcome.class);
                return new Outcome(reported.failingTask(), reported.othersCompleted(), reported.others(),
                        reported.usableAfter(), reported.stillRunning(), null, seconds);
            }
            if (process.exitValue() == 0) {
                throw new IllegalStateException("the isolation probe (" + failure.argument() + ") printed no outcome: "
                        + out + stderr.getNow(""));
            }
            return new Outcome(null, completed, IsolationProbe.OTHERS, null, null, process.exitValue(), seconds);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read the isolation probe's output", e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** A batch on CPython's multiprocessing.Pool of 2, in the twin script. */
    public static Outcome onCpython(PythonTwin python, Failure failure) throws IOException, InterruptedException {
        PythonTwin.Isolation run = python.isolation(failure.argument(), IsolationProbe.OTHERS,
                IsolationProbe.TIMEOUT.toSeconds(), IsolationProbe.GRACE.toSeconds(), IsolationProbe.HEAP_MB);
        return new Outcome(run.failingTask(), run.othersCompleted(), run.others(), run.usableAfter(), run.stillRunning(),
                null, run.seconds());
    }

    /** The table's reading, from its outcomes. */
    static String conclusion(List<Row> rows) {
        long processesIsolated = rows.stream().filter(r -> r.processes().verdict() == Outcome.Verdict.ISOLATED).count();
        long threadsLost = rows.stream().filter(r -> r.threads().verdict() == Outcome.Verdict.EVERYTHING_LOST).count();
        long threadsAbandoned = rows.stream().filter(r -> r.threads().verdict() == Outcome.Verdict.KEEPS_RUNNING).count();
        StringBuilder text = new StringBuilder("mp4j processes isolated " + processesIsolated + " of " + rows.size()
                + " failures (only the failing task failed; the lab's own JVM ran them and survived)");
        text.append("; on threads ").append(threadsLost).append(" took the whole JVM down and ").append(threadsAbandoned)
                .append(" left code running that nothing can stop");
        List<Row> withPython = rows.stream().filter(r -> r.cpython() != null).toList();
        if (!withPython.isEmpty()) {
            long hangs = withPython.stream().filter(r -> r.cpython().verdict() == Outcome.Verdict.HANGS).count();
            long abandoned = withPython.stream().filter(r -> r.cpython().verdict() == Outcome.Verdict.KEEPS_RUNNING).count();
            text.append("; CPython's Pool hangs on ").append(hangs).append(" (a lost task's result never comes) and")
                    .append(" abandons ").append(abandoned).append(" still running");
        }
        return text.append('.').toString();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
