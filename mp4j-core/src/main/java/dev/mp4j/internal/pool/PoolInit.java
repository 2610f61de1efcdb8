package dev.mp4j.internal.pool;

import java.io.Serializable;
import java.util.List;

/**
 * The first frame a pool worker JVM receives.
 *
 * @param initializer the encoded initializer, or null
 * @param allowedClasses classes the parent wrote into the initializer (trusted, see RunRequest)
 * @param workerName the worker's process name
 */
record PoolInit(byte[] initializer, List<String> allowedClasses, String workerName, long parentPid) implements Serializable {
}
