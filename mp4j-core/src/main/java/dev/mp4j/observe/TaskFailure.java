package dev.mp4j.observe;

import java.io.Serializable;
import java.time.Instant;

/**
 * A task that failed, as the pool saw it.
 *
 * @param time      when the failure reached the pool
 * @param workerPid the pid of the worker that ran it (-1 when unknown)
 * @param host      the machine of that worker
 * @param exception the exception's class name
 * @param message   its message, or an empty string
 * @param traceback the stack trace printed where the task ran (the worker's {@code RemoteTraceback}), cut at 8 KiB
 */
public record TaskFailure(Instant time, long workerPid, String host, String exception, String message, String traceback)
        implements Serializable {
}
