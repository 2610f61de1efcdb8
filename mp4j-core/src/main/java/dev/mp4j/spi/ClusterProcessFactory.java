package dev.mp4j.spi;

import dev.mp4j.internal.process.ProcessBackend;

/**
 * Implemented by the {@code mp4j-cluster} module to run a {@code Process} on {@code Engine.CLUSTER};
 * found with {@link java.util.ServiceLoader}. Not for applications.
 */
public interface ClusterProcessFactory {
    ProcessBackend create(Runnable target, String name, boolean daemon);
}
