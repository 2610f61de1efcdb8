package dev.mp4j.spi;

import dev.mp4j.internal.process.ProcessBackend;

/**
 * Implemented by the {@code mp4j-cluster} module to run a {@code Process} on {@code Engine.CLUSTER};
 * found with {@link java.util.ServiceLoader}. Not for applications.
 */
public interface ClusterProcessFactory {
    /**
     * Creates the backend of one cluster {@code Process}, not yet started; {@code Process.start()}
     * starts it on a worker JVM.
     *
     * @param target what the process runs, serializable
     * @param name   the process's name, for logs
     * @param daemon whether the process is stopped when its parent exits
     * @return the backend, which the {@code Process} owns and closes
     */
    ProcessBackend create(Runnable target, String name, boolean daemon);
}
