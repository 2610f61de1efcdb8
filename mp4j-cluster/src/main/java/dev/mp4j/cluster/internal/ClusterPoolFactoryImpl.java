package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.spi.ClusterPoolFactory;

/** Backs {@code Pool.builder().engine(Engine.CLUSTER)}; registered as a service. */
public final class ClusterPoolFactoryImpl implements ClusterPoolFactory {
    @Override
    public PoolBackend create(Request request) {
        return new ClusterPoolBackend(RedisAddress.parse(request.redisAddress()), request.initializer(), request.name());
    }

    @Override
    public ClusterMonitor monitor(String redisAddress) {
        return new ClusterStatus(RedisAddress.parse(redisAddress));
    }
}
