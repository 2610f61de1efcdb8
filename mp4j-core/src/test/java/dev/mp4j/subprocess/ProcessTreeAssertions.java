package dev.mp4j.subprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Reads pids that a test script wrote and checks that those processes are gone. */
final class ProcessTreeAssertions {
    private ProcessTreeAssertions() {
    }

    /** The pids in {@code file}, one a line; waits (bounded) until the script wrote {@code count}. */
    static List<Long> awaitPids(Path file, int count) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> readPids(file).size() >= count);
        return readPids(file);
    }

    static List<Long> readPids(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(Long::parseLong).toList();
    }

    /** True if the process runs (a zombie, already dead but not yet reaped, does not count). */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException gone) {
                return false;
            }
        }
        return false;
    }

    static void awaitAllGone(List<Long> pids) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(ProcessTreeAssertions::running));
    }

    /** Test clean-up: SIGKILL whatever is still running. */
    static void killAll(Path pidFile) throws IOException {
        for (long pid : readPids(pidFile)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
