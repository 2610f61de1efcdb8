package dev.mp4j.cluster.internal;

import java.io.Serializable;

/**
 * What a worker sends back for one task: the encoded result list, or an encoded failure (see
 * {@code RemoteTasks.encodeFailure}); {@code worker} names the worker JVM that ran it (host/pid).
 */
public record TaskOutcome(boolean ok, byte[] payload, String worker) implements Serializable {
}
