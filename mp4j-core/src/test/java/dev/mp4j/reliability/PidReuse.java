package dev.mp4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a dead process's pid name something alive again, as pid recycling does on a busy machine:
 * a process this test starts (when {@code /proc/sys/kernel/ns_last_pid} is writable, i.e. as root),
 * or else a thread of this JVM (thread ids come from the same number space), found by creating
 * short-lived threads until one gets the pid.
 */
final class PidReuse implements AutoCloseable {
    private static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    private final java.lang.Process process;
    private final CountDownLatch release;
    private final String what;

    private PidReuse(java.lang.Process process, CountDownLatch release, String what) {
        this.process = process;
        this.release = release;
        this.what = what;
    }

    /** What holds the pid now, for messages. */
    String what() {
        return what;
    }

    /** Something alive with {@code pid}, or null when it could not be arranged within {@code budget}. */
    static PidReuse occupy(long pid, Duration budget) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        if (Files.isWritable(NS_LAST_PID)) {
            while (System.nanoTime() < deadline) {
                Files.writeString(NS_LAST_PID, Long.toString(pid - 1));
                java.lang.Process sleeper = new ProcessBuilder("sleep", "300").start();
                if (sleeper.pid() == pid) {
                    return new PidReuse(sleeper, null, "process " + pid + " (sleep)");
                }
                sleeper.destroyForcibly();
                sleeper.waitFor();
            }
            return null;
        }
        return occupyWithAThread(pid, deadline);
    }

    private static PidReuse occupyWithAThread(long pid, long deadline) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        while (System.nanoTime() < deadline) {
            AtomicReference<Boolean> mine = new AtomicReference<>();
            CountDownLatch decided = new CountDownLatch(1);
            Thread thread = Thread.ofPlatform().daemon().start(() -> {
                boolean hit = threadId() == pid;
                mine.set(hit);
                decided.countDown();
                if (hit) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // released
                    }
                }
            });
            decided.await();
            if (mine.get()) {
                return new PidReuse(null, release, "thread " + pid + " of pid " + ProcessHandle.current().pid());
            }
            thread.join();
        }
        return null;
    }

    /** The kernel's id of the calling thread. */
    private static long threadId() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
        if (release != null) {
            release.countDown();
        }
    }
}
