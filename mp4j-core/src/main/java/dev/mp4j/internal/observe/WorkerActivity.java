package dev.mp4j.internal.observe;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.observe.TaskFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tasks this JVM runs for an engine outside this JVM's pools (a cluster worker JVM runs them
 * through {@code RemoteTasks}): how many completed and failed, which run now and since when, the
 * last failures. A cluster worker publishes it with its heartbeat as one line ({@link #line()});
 * a monitor reads it back with {@link #parse}. Thread-safe.
 */
public final class WorkerActivity {
    private static final LongAdder completed = new LongAdder();
    private static final LongAdder failed = new LongAdder();
    private static final ConcurrentHashMap<Thread, Long> running = new ConcurrentHashMap<>();
    private static final FailureLog failures = new FailureLog();

    private WorkerActivity() {
    }

    /** The calling thread starts a task; returns its start ({@link System#nanoTime()}). */
    public static long started() {
        long now = System.nanoTime();
        running.put(Thread.currentThread(), now);
        return now;
    }

    /** The calling thread's task ended ({@code failure} null when it succeeded). */
    public static void ended(Throwable failure) {
        running.remove(Thread.currentThread());
        if (failure == null) {
            completed.increment();
        } else {
            failed.increment();
            failures.record(failure, dev.mp4j.internal.runtime.Pids.self(), Hosts.local());
        }
    }

    /**
     * What a worker JVM reports.
     *
     * @param oldestRunning how long the longest-running task has run ({@link Duration#ZERO} when idle)
     */
    public record Snapshot(long completed, long failed, int running, Duration oldestRunning, List<TaskFailure> failures) {
    }

    public static Snapshot snapshot() {
        long now = System.nanoTime();
        long oldest = 0;
        int count = 0;
        for (Long since : running.values()) {
            count++;
            oldest = Math.max(oldest, now - since);
        }
        return new Snapshot(completed.sum(), failed.sum(), count, Duration.ofNanos(oldest), failures.recent());
    }

    /** {@link #snapshot()} as one line of text: {@code v1 completed failed running oldestMillis base64(failures)}. */
    public static String line() {
        Snapshot now = snapshot();
        List<TaskFailure> recent = now.failures().size() > 5 ? now.failures().subList(0, 5) : now.failures();
        return "v1 " + now.completed() + " " + now.failed() + " " + now.running() + " " + now.oldestRunning().toMillis() + " "
                + Base64.getEncoder().encodeToString(Codec.standard().encode(new ArrayList<>(recent)));
    }

    /** Reads what {@link #line()} wrote; null when {@code line} is not such a line. */
    @SuppressWarnings("unchecked")
    public static Snapshot parse(String line) {
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 6 || !parts[0].equals("v1")) {
            return null;
        }
        try {
            List<TaskFailure> recent = (List<TaskFailure>) Codec.standard().decode(Base64.getDecoder().decode(parts[5]));
            return new Snapshot(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3]),
                    Duration.ofMillis(Long.parseLong(parts[4])), recent);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
