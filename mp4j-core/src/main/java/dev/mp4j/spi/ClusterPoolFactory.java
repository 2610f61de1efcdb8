package dev.mp4j.spi;

import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.pool.PoolBackend;

/**
 * Implemented by the {@code mp4j-cluster} module to back a {@code Pool} on {@code Engine.CLUSTER};
 * found with {@link java.util.ServiceLoader}. Not for applications.
 */
public interface ClusterPoolFactory {
    /**
     * Starts a pool backend whose tasks run on the worker JVMs serving
     * {@code request.redisAddress()}; called once by {@code Pool.builder().engine(CLUSTER).build()}.
     *
     * @param request the pool's options, already validated
     * @return the started backend, which the {@code Pool} owns and closes
     */
    PoolBackend create(Request request);

    /**
     * A cluster pool's options, validated by the builder.
     *
     * @param redisAddress {@code redis://[:password@]host:port} or {@code rediss://...} for TLS
     * @param processes    the expected number of workers, which sizes map chunks
     * @param initializer  runs once in every worker JVM before its first task of this pool, or null
     * @param name         the pool's name, for logs and thread names
     */
    record Request(String redisAddress, int processes, SerializableRunnable initializer, String name) {
    }
}
