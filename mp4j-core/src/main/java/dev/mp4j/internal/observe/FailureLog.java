package dev.mp4j.internal.observe;

import dev.mp4j.observe.TaskFailure;
import dev.mp4j.pool.RemoteTraceback;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #CAPACITY} task failures of a pool, newest first. Written on failure paths only;
 * thread-safe (synchronized).
 */
public final class FailureLog {
    public static final int CAPACITY = 20;
    private static final int MAX_TRACE = 8192;
    private final ArrayDeque<TaskFailure> failures = new ArrayDeque<>(CAPACITY);

    /** Records {@code failure} of a task run by {@code workerPid} on {@code host}. */
    public void record(Throwable failure, long workerPid, String host) {
        TaskFailure entry = describe(failure, workerPid, host);
        synchronized (failures) {
            if (failures.size() == CAPACITY) {
                failures.removeLast();
            }
            failures.addFirst(entry);
        }
    }

    /** Records a failure already described (by a cluster worker, say). */
    public void record(TaskFailure failure) {
        synchronized (failures) {
            if (failures.size() == CAPACITY) {
                failures.removeLast();
            }
            failures.addFirst(failure);
        }
    }

    public List<TaskFailure> recent() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    /** {@code failure} as a {@link TaskFailure}: the remote traceback when it has one, else its own stack trace. */
    public static TaskFailure describe(Throwable failure, long workerPid, String host) {
        String trace = null;
        for (Throwable t = failure; t != null && trace == null; t = t.getCause()) {
            if (t instanceof RemoteTraceback remote) {
                trace = remote.getMessage();
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (trace == null && suppressed instanceof RemoteTraceback remote) {
                    trace = remote.getMessage();
                }
            }
        }
        if (trace == null) {
            StringWriter printed = new StringWriter();
            failure.printStackTrace(new PrintWriter(printed));
            trace = printed.toString();
        }
        if (trace.length() > MAX_TRACE) {
            trace = trace.substring(0, MAX_TRACE) + "\n...";
        }
        return new TaskFailure(Instant.now(), workerPid, host, failure.getClass().getName(),
                failure.getMessage() == null ? "" : failure.getMessage(), trace);
    }
}
