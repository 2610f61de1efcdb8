package dev.mp4j.cluster.internal.objects;

import dev.mp4j.cluster.internal.RedisConnections;

import java.io.Serial;
import java.io.Serializable;

/**
 * The serialized form of every cluster shared object: its kind, name and creation argument. A
 * task that captures a cluster queue or lock carries this handle; on the worker it re-attaches
 * to the worker's own Redis connection, naming the same Redis keys.
 */
record ObjectHandle(String kind, String name, int argument) implements Serializable {
    @Serial
    private Object readResolve() {
        return ClusterObjects.create(RedisConnections.current(), kind, name, argument);
    }
}
