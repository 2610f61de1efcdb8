package dev.mp4j.micrometer;

import dev.mp4j.Engine;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.pool.Pool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one {@link Pool}, shaped like Micrometer's own {@code ExecutorServiceMetrics}
 * so that existing executor dashboards show mp4j pools, plus mp4j's own:
 *
 * <table>
 * <caption>meters, tagged {@code name=<pool name>} and the tags given</caption>
 * <tr><th>meter</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code executor.pool.size}, {@code executor.pool.core}, {@code executor.pool.max}</td><td>gauge</td><td>the workers the pool keeps</td></tr>
 * <tr><td>{@code executor.queued}</td><td>gauge</td><td>tasks waiting for a worker</td></tr>
 * <tr><td>{@code executor.active}</td><td>gauge</td><td>workers running a task</td></tr>
 * <tr><td>{@code executor.completed}</td><td>function counter</td><td>tasks that returned a result</td></tr>
 * <tr><td>{@code mp4j.pool.tasks.failed}</td><td>function counter</td><td>tasks that failed (threw, timed out, lost their worker)</td></tr>
 * <tr><td>{@code mp4j.pool.tasks.timeouts}</td><td>function counter</td><td>tasks failed by their timeout</td></tr>
 * <tr><td>{@code mp4j.pool.tasks.duration}</td><td>function timer</td><td>count and total run time of completed and failed tasks</td></tr>
 * <tr><td>{@code mp4j.pool.workers}</td><td>gauge</td><td>workers alive now</td></tr>
 * <tr><td>{@code mp4j.pool.workers.started}, {@code mp4j.pool.workers.restarts}</td><td>function counter</td><td>workers started; workers that died or were killed and were replaced</td></tr>
 * <tr><td>{@code mp4j.cluster.workers}</td><td>gauge</td><td>on {@code Engine.CLUSTER}: the worker JVMs whose heartbeat is alive</td></tr>
 * </table>
 *
 * <p>Every meter reads {@link Pool#stats()}; one snapshot serves the reads of 200 ms, so a scrape
 * costs one snapshot. Like Micrometer's own binders, the meters hold the pool weakly. Nothing is recorded per task: the pool keeps its counts anyway, so binding
 * costs the pool nothing.
 * <pre>{@code
 * Pool pool = Pool.create(4);
 * new PoolMetrics(pool, Tags.of("app", "billing")).bindTo(registry);
 * }</pre>
 */
public final class PoolMetrics implements MeterBinder {
    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private final Pool pool;
    private final Iterable<Tag> tags;
    private final Object guard = new Object();
    private PoolStats last;
    private long lastNanos;

    public PoolMetrics(Pool pool, Iterable<Tag> tags) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", pool.stats().name());
    }

    public PoolMetrics(Pool pool) {
        this(pool, Tags.empty());
    }

    private PoolStats stats() {
        synchronized (guard) {
            long now = System.nanoTime();
            if (last == null || now - lastNanos > SNAPSHOT_NANOS) {
                last = pool.stats();
                lastNanos = now;
            }
            return last;
        }
    }

    /** A reading of the pool's snapshot; Micrometer holds the pool weakly and this binder through the function. */
    private ToDoubleFunction<Pool> read(ToDoubleFunction<PoolStats> figure) {
        return ignored -> figure.applyAsDouble(stats());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String size : new String[] {"executor.pool.size", "executor.pool.core", "executor.pool.max"}) {
            Gauge.builder(size, pool, read(PoolStats::size)).tags(tags).description("The workers the pool keeps")
                    .baseUnit("threads").register(registry);
        }
        Gauge.builder("executor.queued", pool, read(PoolStats::queued)).tags(tags)
                .description("Tasks waiting for a worker").baseUnit("tasks").register(registry);
        Gauge.builder("executor.active", pool, read(PoolStats::active)).tags(tags)
                .description("Workers running a task").baseUnit("threads").register(registry);
        FunctionCounter.builder("executor.completed", pool, read(PoolStats::completed)).tags(tags)
                .description("Tasks that returned a result").baseUnit("tasks").register(registry);
        FunctionCounter.builder("mp4j.pool.tasks.failed", pool, read(PoolStats::failed)).tags(tags)
                .description("Tasks that failed: threw, timed out, or lost their worker").baseUnit("tasks").register(registry);
        FunctionCounter.builder("mp4j.pool.tasks.timeouts", pool, read(PoolStats::timeouts)).tags(tags)
                .description("Tasks failed by their timeout").baseUnit("tasks").register(registry);
        FunctionTimer.builder("mp4j.pool.tasks.duration", pool,
                        ignored -> (long) (stats().completed() + stats().failed()),
                        ignored -> stats().taskRunTime().toNanos(), TimeUnit.NANOSECONDS)
                .tags(tags).description("Run time of the tasks that ended").register(registry);
        Gauge.builder("mp4j.pool.workers", pool, read(stats -> stats.workers().size())).tags(tags)
                .description("Workers alive now").baseUnit("workers").register(registry);
        FunctionCounter.builder("mp4j.pool.workers.started", pool, read(PoolStats::workersStarted)).tags(tags)
                .description("Workers started, replacements included").baseUnit("workers").register(registry);
        FunctionCounter.builder("mp4j.pool.workers.restarts", pool, read(PoolStats::workerRestarts)).tags(tags)
                .description("Workers that died or were killed and were replaced").baseUnit("workers").register(registry);
        if (pool.engine() == Engine.CLUSTER) {
            Gauge.builder("mp4j.cluster.workers", pool, read(stats -> stats.workers().size())).tags(tags)
                    .description("Worker JVMs of the cluster whose heartbeat is alive").baseUnit("workers").register(registry);
        }
    }
}
