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
     * A view of the worker JVMs serving {@code redisAddress} (for dashboards, JMX and metrics).
     *
     * @param redisAddress {@code redis://[:password@]host:port} or {@code rediss://...}
     * @return a monitor to close when done
     * @throws UnsupportedOperationException from a cluster module that has none
     */
    default ClusterMonitor monitor(String redisAddress) {
        throw new UnsupportedOperationException("this mp4j-cluster module cannot report its workers");
    }

    /**
     * What a cluster's worker JVMs do, read from Redis on each call. Thread-safe; {@link #close()}
     * releases the connection.
     */
    interface ClusterMonitor extends AutoCloseable {
        /** {@return the Redis address, without its password} */
        String address();

        /**
         * The cluster as one pool: each worker JVM is a worker ({@code host/pid}); {@code size} counts
         * their threads; {@code queued} the tasks waiting in Redis (-1 when unknown); counts are those
         * the worker JVMs report since they started.
         *
         * @return a snapshot read from Redis now
         */
        dev.mp4j.observe.PoolStats stats();

        /** Releases the monitor's connection to Redis. */
        @Override
        void close();
    }

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
