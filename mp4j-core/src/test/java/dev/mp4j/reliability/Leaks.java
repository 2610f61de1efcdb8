package dev.mp4j.reliability;

import dev.mp4j.internal.shm.SharedSegment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** What a fault must not leave behind: processes and shared-memory segments. */
final class Leaks {
    private Leaks() {
    }

    /** The shared-memory segments that process {@code pid} created and that still exist. */
    static long segmentsOf(long pid) {
        String prefix = SharedSegment.PREFIX + pid + "-";
        try (Stream<Path> files = Files.list(SharedSegment.directory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isDead(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    static void awaitDead(Collection<Long> pids, Duration within) {
        for (long pid : pids) {
            await().atMost(within).until(() -> isDead(pid));
        }
    }

    static void awaitNoSegmentsOf(long pid, Duration within) {
        await().atMost(within).until(() -> segmentsOf(pid) == 0);
    }

    static void killAll(Collection<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
