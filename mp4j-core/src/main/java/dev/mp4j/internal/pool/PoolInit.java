package dev.mp4j.internal.pool;

import java.io.Serializable;
import java.util.List;

/**
 * The first frame a pool worker JVM receives.
 *
 * @param initializer the encoded initializer, or null
 * @param allowedClasses classes the parent wrote into the initializer (trusted, see RunRequest)
 * @param workerName the worker's process name
 * @param progressSegment the shared-memory word where the worker records the job it starts, or null
 */
record PoolInit(byte[] initializer, List<String> allowedClasses, String workerName, long parentPid,
                String progressSegment) implements Serializable {
}
