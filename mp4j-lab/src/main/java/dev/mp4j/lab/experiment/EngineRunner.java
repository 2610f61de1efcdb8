package dev.mp4j.lab.experiment;

import dev.mp4j.function.SerializableFunction;
import dev.mp4j.lab.ClusterProvider;
import dev.mp4j.lab.ClusterSession;
import dev.mp4j.lab.Configuration;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a function over items on any {@link Configuration}, the way a user of each engine would:
 * a loop (serial), a {@link ThreadPool} (threads), one virtual thread per item, a process
 * {@link Pool} created for the run so that its start-up is timed as CPython's is (processes), and a
 * cluster session (cluster).
 *
 * <p>A pool created for the run marks the run's {@link PhaseClock} once every worker has run its
 * initializer (a {@link StartGate}), and only then gets the work, and again when the last result is
 * in, before it is closed: the report shows the pool's start-up, the work and the shutdown apart.
 *
 * <p>Not thread-safe: one experiment drives it from one thread. A cluster session is started on
 * first use of its worker count (the lab's untimed warm-up run) and kept until another count is
 * asked for or {@link #close()}: one set of worker JVMs serves the Redis server at a time.
 */
public final class EngineRunner implements AutoCloseable {
    private final ClusterProvider clusterProvider;
    private final String clusterAddress;
    private final Map<Integer, ClusterSession> clusterSessions = new HashMap<>();

    /** @param clusterProvider null when the cluster engine is not configured */
    public EngineRunner(ClusterProvider clusterProvider, String clusterAddress) {
        this.clusterProvider = clusterProvider;
        this.clusterAddress = clusterAddress;
    }

    public <T, R> List<R> map(Configuration configuration, SerializableFunction<T, R> function, List<T> items, int chunksize,
                              PhaseClock clock) throws Exception {
        return switch (configuration.kind()) {
            case SERIAL -> {
                List<R> results = new ArrayList<>(items.size());
                for (T item : items) {
                    results.add(function.apply(item));
                }
                yield results;
            }
            case THREADS -> {
                StartGate gate = StartGate.create(configuration.workers());
                try (Pool pool = ThreadPool.builder().processes(configuration.workers()).initializer(gate::arrive).build()) {
                    gate.awaitArrivals(clock, null);
                    List<R> results = pool.map(function, items, chunksize);
                    clock.workDone();
                    yield results;
                }
            }
            case VIRTUAL_THREADS -> {
                try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<R>> futures = new ArrayList<>(items.size());
                    for (T item : items) {
                        futures.add(executor.submit(() -> function.apply(item)));
                    }
                    List<R> results = new ArrayList<>(items.size());
                    for (Future<R> future : futures) {
                        results.add(future.get());
                    }
                    yield results;
                }
            }
            case PROCESSES -> {
                StartGate gate = StartGate.create(configuration.workers());
                try (Pool pool = Pool.builder().processes(configuration.workers()).initializer(gate::arrive).build()) {
                    gate.awaitArrivals(clock, null);
                    List<R> results = pool.map(function, items, chunksize);
                    clock.workDone();
                    yield results;
                }
            }
            case CLUSTER -> cluster(configuration.workers()).map(function, items, chunksize);
        };
    }

    private ClusterSession cluster(int workers) throws Exception {
        if (clusterProvider == null) {
            throw new IllegalStateException("the cluster engine is not configured");
        }
        ClusterSession session = clusterSessions.get(workers);
        if (session == null) {
            close(); // the workers of another size would serve this session's tasks too
            session = clusterProvider.start(clusterAddress, workers);
            clusterSessions.put(workers, session);
        }
        return session;
    }

    @Override
    public void close() {
        clusterSessions.values().forEach(ClusterSession::close);
        clusterSessions.clear();
    }
}
