package dev.mp4j.cli;

import dev.mp4j.Engine;
import dev.mp4j.cluster.LocalWorkers;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.lab.ClusterProvider;
import dev.mp4j.lab.ClusterSession;
import dev.mp4j.pool.Pool;

import java.util.List;

/**
 * The lab's cluster engine: {@code workerJvms} local worker JVMs (the {@code mp4j worker} of
 * mp4j-cluster) serving the given Redis server, and an {@link Engine#CLUSTER} pool that maps on
 * them. Found by the lab with {@link java.util.ServiceLoader}.
 */
public final class LabClusterProvider implements ClusterProvider {
    @Override
    public ClusterSession start(String address, int workerJvms) {
        LocalWorkers workers = LocalWorkers.start(address, workerJvms);
        try {
            Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(address).processes(workerJvms).name("lab").build();
            return new Session(workers, pool);
        } catch (RuntimeException e) {
            workers.close();
            throw e;
        }
    }

    private record Session(LocalWorkers workers, Pool pool) implements ClusterSession {
        @Override
        public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items, int chunksize) {
            return pool.map(function, items, chunksize);
        }

        @Override
        public void close() {
            try {
                pool.terminate();
            } finally {
                workers.close();
            }
        }
    }
}
