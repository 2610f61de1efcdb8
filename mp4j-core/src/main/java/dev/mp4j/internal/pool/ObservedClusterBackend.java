package dev.mp4j.internal.pool;

import dev.mp4j.Engine;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.internal.observe.FailureLog;
import dev.mp4j.internal.observe.ObservedPool;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.TaskFailure;
import dev.mp4j.observe.WorkerStats;
import dev.mp4j.spi.ClusterPoolFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A cluster pool's backend as this JVM sees it: counts what the caller submitted and got back,
 * records the cluster dispatch and result events, and adds the cluster's worker JVMs (read from
 * Redis through the cluster module's {@link ClusterPoolFactory.ClusterMonitor}, opened on first
 * use) to its {@link #stats()}, whose task run time is the callers' round trip. Delegates everything
 * else. Thread-safe.
 */
public final class ObservedClusterBackend implements PoolBackend, ObservedPool {
    private final PoolBackend backend;
    private final ClusterPoolFactory factory;
    private final String redisAddress;
    private final String name;
    private final int size;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder roundTripNanos = new LongAdder();
    private final FailureLog failures = new FailureLog();
    private volatile ClusterPoolFactory.ClusterMonitor monitor;

    public ObservedClusterBackend(PoolBackend backend, ClusterPoolFactory factory, String redisAddress, String name, int size) {
        this.backend = backend;
        this.factory = factory;
        this.redisAddress = redisAddress;
        this.name = name;
        this.size = size;
    }

    /** The cluster's monitor, opened once; null when the cluster module has none. */
    public ClusterPoolFactory.ClusterMonitor monitor() {
        ClusterPoolFactory.ClusterMonitor current = monitor;
        if (current == null) {
            synchronized (this) {
                if (monitor == null) {
                    try {
                        monitor = factory.monitor(redisAddress);
                    } catch (UnsupportedOperationException e) {
                        return null;
                    }
                }
                current = monitor;
            }
        }
        return current;
    }

    @Override
    public void start() {
        backend.start();
    }

    @Override
    public PoolCore.FunctionRefHandle newFunction(Object function) {
        return backend.newFunction(function);
    }

    @Override
    public void beginBurst() {
        backend.beginBurst();
    }

    @Override
    public void endBurst() {
        backend.endBurst();
    }

    @Override
    public void submit(PoolCore.FunctionRefHandle function, TaskKind kind, List<?> items, java.time.Duration timeout,
                       CallTicket call, BiConsumer<List<Object>, Throwable> completion) {
        long id = submitted.incrementAndGet();
        int count = kind == TaskKind.CALL ? 1 : items.size();
        Object event = Events.clusterTaskDispatched(name, id, kind.name(), count);
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            backend.submit(function, kind, items, timeout, call, (results, failure) -> {
                inFlight.decrementAndGet();
                roundTripNanos.add(System.nanoTime() - start);
                if (failure == null) {
                    completed.increment();
                } else if (!(failure instanceof java.util.concurrent.CancellationException)) {
                    failed.increment();
                    if (failure instanceof dev.mp4j.pool.TaskTimeoutException) {
                        timeouts.increment();
                    }
                    failures.record(failure, -1, "cluster");
                }
                Events.clusterTaskResult(event, name, id, failure);
                completion.accept(results, failure);
            });
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    @Override
    public PoolStats stats() {
        List<WorkerStats> workers = List.of();
        List<TaskFailure> recent = failures.recent();
        int active = 0;
        ClusterPoolFactory.ClusterMonitor view = monitor();
        if (view != null) {
            try {
                PoolStats cluster = view.stats();
                workers = cluster.workers();
                active = cluster.active();
                if (recent.isEmpty()) {
                    recent = cluster.recentFailures();
                }
            } catch (RuntimeException e) {
                // Redis unreachable: this pool's own figures only
            }
        }
        long done = completed.sum() + failed.sum();
        return new PoolStats(name, Engine.CLUSTER, size, backend.isTerminatedFully() ? PoolStats.State.TERMINATED
                : backend.isShutdown() ? PoolStats.State.CLOSED : PoolStats.State.RUNNING, dev.mp4j.internal.runtime.Pids.self(),
                submitted.get(), Math.max(0, inFlight.get() - active), Math.min(active, inFlight.get()), completed.sum(),
                failed.sum(), timeouts.sum(), workers.size(), 0, Duration.ofNanos(done == 0 ? 0 : roundTripNanos.sum()),
                workers, recent, Instant.now());
    }

    @Override
    public int cancelQueued() {
        return backend.cancelQueued();
    }

    @Override
    public List<Long> workerPids() {
        return backend.workerPids();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public int terminate() {
        return backend.terminate();
    }

    @Override
    public boolean isShutdown() {
        return backend.isShutdown();
    }

    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        boolean done = backend.awaitTermination(nanos);
        if (done) {
            closeMonitor();
        }
        return done;
    }

    @Override
    public boolean isTerminatedFully() {
        return backend.isTerminatedFully();
    }

    @Override
    public void checkJoinable() {
        backend.checkJoinable();
    }

    @Override
    public boolean awaitProcessesExited(long nanos) throws InterruptedException {
        return backend.awaitProcessesExited(nanos);
    }

    /** Releases the monitor's connection (the pool is done). */
    public synchronized void closeMonitor() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
    }
}
