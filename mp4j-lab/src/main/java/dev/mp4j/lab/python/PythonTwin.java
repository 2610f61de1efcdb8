package dev.mp4j.lab.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mp4j.lab.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CPython twins of the lab's experiments: the script {@code lab_twin.py}, shipped inside
 * this jar, written to a temporary file and run with the machine's {@code python3}. The script times
 * only the work (not the interpreter's start) and prints one JSON line
 * {@code {"seconds", "startup", "shutdown", "result", "gil"}}; the isolation batch prints its outcome.
 *
 * <p>Not thread-safe; the lab uses one instance from one thread and {@link #close()}s it to delete
 * the script.
 */
public final class PythonTwin implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MINUTES = 30;

    private final String python;
    private final String version;
    private final Path script;

    private PythonTwin(String python, String version, Path script) {
        this.python = python;
        this.version = version;
        this.script = script;
    }

    /**
     * One timed run of the twin.
     *
     * @param startupSeconds  until every worker was up (NaN for serial)
     * @param shutdownSeconds after the last result, stopping and joining the workers (NaN for serial)
     * @param gil             whether this CPython runs with the GIL
     */
    public record Run(double seconds, double startupSeconds, double shutdownSeconds, String result, boolean gil) {
    }

    /** The outcome of one isolation batch on CPython's Pool (see {@code dev.mp4j.lab.isolation.Outcome}). */
    public record Isolation(String failingTask, int othersCompleted, int others, Boolean usableAfter, Boolean stillRunning,
                            double seconds) {
    }

    /**
     * The twin on {@code python}, or empty when that command does not run (the reason goes to
     * {@code whyNot}).
     */
    public static Optional<PythonTwin> find(String python, List<String> whyNot) {
        String version;
        try {
            java.lang.Process process = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                whyNot.add("'" + python + " --version' failed: " + out);
                return Optional.empty();
            }
            version = out.startsWith("Python") ? "C" + out : out;
        } catch (IOException e) {
            whyNot.add("'" + python + "' is not installed or not on the PATH (" + e.getMessage() + ")");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            whyNot.add("interrupted while looking for " + python);
            return Optional.empty();
        }
        try (InputStream in = PythonTwin.class.getResourceAsStream("lab_twin.py")) {
            if (in == null) {
                throw new IllegalStateException("lab_twin.py is missing from the mp4j-lab jar: rebuild mp4j");
            }
            Path script = Files.createTempFile("mp4j-lab-twin-", ".py");
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(new PythonTwin(python, version, script));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CPython twin script to a temporary file", e);
        }
    }

    /** "CPython 3.11.7". */
    public String version() {
        return version;
    }

    /**
     * Runs {@code experiment} on {@code configuration} in CPython.
     *
     * @throws IllegalStateException when the script fails or prints no result
     */
    public Run run(String experiment, Configuration configuration, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), experiment,
                configuration.kind().name().toLowerCase(java.util.Locale.ROOT), Integer.toString(configuration.workers())));
        command.addAll(arguments);
        JsonNode node = runScript(command, experiment + " on " + configuration.label());
        JsonNode gil = node.get("gil");
        return new Run(node.get("seconds").asDouble(), number(node.get("startup")), number(node.get("shutdown")),
                node.get("result").asText(), gil == null || gil.asBoolean(true));
    }

    private static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    /**
     * Runs one isolation batch: {@code others} ordinary tasks and a failing one on a Pool of 2.
     *
     * @param failure exit, heap or stuck
     */
    public Isolation isolation(String failure, int others, long timeoutSeconds, long graceSeconds, int heapMb)
            throws IOException, InterruptedException {
        JsonNode node = runScript(List.of(python, script.toString(), "isolation", failure, "2", Integer.toString(others),
                Long.toString(timeoutSeconds), Long.toString(graceSeconds), Integer.toString(heapMb)), "isolation " + failure);
        return new Isolation(node.get("failingTask").asText(), node.get("othersCompleted").asInt(), node.get("others").asInt(),
                bool(node.get("usableAfter")), bool(node.get("stillRunning")), node.get("seconds").asDouble());
    }

    private static Boolean bool(JsonNode node) {
        return node == null || node.isNull() ? null : node.asBoolean();
    }

    private JsonNode runScript(List<String> command, String what) throws IOException, InterruptedException {
        java.lang.Process process = new ProcessBuilder(command).start();
        // the twin and its multiprocessing children must not outlive the lab, even when it is killed with SIGTERM
        Thread reaper = new Thread(() -> destroyTree(process), "mp4j-lab-twin-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return await(what, process);
        } finally {
            destroyTree(process);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static void destroyTree(java.lang.Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private JsonNode await(String what, java.lang.Process process) throws IOException, InterruptedException {
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the CPython twin of " + what + " ran over " + TIMEOUT_MINUTES + " minutes");
        }
        String stdout = out.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the CPython twin of " + what + " failed with exit code " + process.exitValue()
                    + ": " + stderr.join().strip());
        }
        String line = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the CPython twin of " + what + " printed no result: " + stdout));
        return JSON.readTree(line);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(script);
        } catch (IOException ignored) {
            // a temporary file the OS cleans up
        }
    }
}
