package dev.mp4j.internal.runtime;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deletes this JVM's files (socket directories, {@code /dev/shm} segments) after it dies, however
 * it dies: SIGKILL and OOM included. Python's {@code resource_tracker}, without a second VM.
 *
 * <p>A tiny {@code sh} process reads registered paths from a pipe whose write end only this JVM
 * holds. When this JVM exits the kernel closes the pipe, the tracker reads EOF and removes every
 * registered path that still exists. It runs in a session (and so a process group) of its own,
 * started with {@code setsid}, so that a signal sent to this JVM's whole process group ({@code kill
 * -9 -PGID}, job control, a terminal closing) does not reach it; it also ignores SIGINT, SIGTERM
 * and SIGHUP. Paths removed normally by their owner are simply gone by then. Where {@code setsid}
 * is missing it shares this JVM's process group (and is logged at debug). A kill of the whole
 * cgroup (a container stopping, systemd's default {@code KillMode}) ends the tracker too.
 *
 * <p>Thread-safe; the tracker is started on the first registration.
 */
public final class ResourceTracker {
    private static final String SCRIPT = """
            trap '' INT TERM HUP
            list=""
            while IFS= read -r line; do
              list="$list
            $line"
            done
            printf '%s\\n' "$list" | while IFS= read -r p; do
              [ -n "$p" ] && rm -rf -- "$p"
            done
            """;
    private static final ReentrantLock lock = new ReentrantLock();
    private static OutputStream pipe;
    private static java.lang.Process tracker;

    private ResourceTracker() {
    }

    /** Removes {@code path} (a file or a whole directory) when this JVM dies. */
    public static void register(Path path) {
        String line = path.toAbsolutePath().toString();
        if (line.contains("\n")) {
            throw new IllegalArgumentException("path contains a newline: " + line);
        }
        lock.lock();
        try {
            if (pipe == null) {
                start();
            }
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            throw new IllegalStateException("mp4j resource tracker is not running: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #register} on a thread of its own: the caller does not wait for the tracker process to
     * start (a few milliseconds of a JVM's first child start). Registrations that follow wait for
     * it, in order; a JVM killed within that moment may leave this path behind.
     */
    public static void registerInBackground(Path path) {
        Thread.ofPlatform().daemon().name("mp4j-resource-tracker-start").start(new Registration(path));
    }

    private static final class Registration implements Runnable {
        private final Path path;

        Registration(Path path) {
            this.path = path;
        }

        @Override
        public void run() {
            try {
                register(path);
            } catch (RuntimeException e) {
                dev.mp4j.internal.runtime.LazyLogger.of(ResourceTracker.class).warn("could not register {} for clean-up: {}", path, e.getMessage());
            }
        }
    }

    private static void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "mp4j-resource-tracker"));
        String setsid = setsid();
        if (setsid != null) {
            command.addFirst(setsid);
        } else {
            dev.mp4j.internal.runtime.LazyLogger.of(ResourceTracker.class).debug("setsid not found: the resource tracker shares this JVM's process group");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        tracker = builder.start();
        pipe = tracker.getOutputStream();
    }

    /** The {@code setsid} program (util-linux), or null. */
    private static String setsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "setsid"))) {
                return dir + "/setsid";
            }
        }
        return null;
    }

    /** The tracker's pid, or -1 before the first registration. For tests. */
    public static long pid() {
        lock.lock();
        try {
            return tracker == null ? -1 : tracker.pid();
        } finally {
            lock.unlock();
        }
    }
}
