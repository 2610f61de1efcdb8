package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.internal.observe.WorkerActivity;

import java.util.List;

/**
 * The pool's worker-side execution and failure encoding, for engines outside this package (the
 * cluster engine's workers run jobs exactly as a process worker does).
 */
public final class RemoteTasks {
    private RemoteTasks() {
    }

    /**
     * Applies {@code function} to {@code items} as {@code kind} says; the results in item order.
     * Counted in this JVM's {@link WorkerActivity} and recorded as a {@code dev.mp4j.TaskExecution}
     * event while a recording runs.
     */
    public static List<Object> run(TaskKind kind, Object function, List<?> items) throws Exception {
        Object event = Events.taskExecuting();
        WorkerActivity.started();
        Throwable failure = null;
        try {
            return Execution.run(kind, function, items);
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            WorkerActivity.ended(failure);
            if (event != null) {
                Events.taskExecuted(event, "cluster", -1, kind == TaskKind.CALL ? 1 : items.size(), failure == null);
            }
        }
    }

    /** {@code failure} with its class, message and printed stack trace, encoded for the caller. */
    public static byte[] encodeFailure(Throwable failure) {
        return Codec.standard().encode(RemoteFailure.of(failure));
    }

    /** The caller's view of a failure encoded by {@link #encodeFailure}: the exception with a RemoteTraceback. */
    public static Throwable decodeFailure(byte[] encoded) {
        return ((RemoteFailure) Codec.standard().decode(encoded)).toThrowable();
    }
}
