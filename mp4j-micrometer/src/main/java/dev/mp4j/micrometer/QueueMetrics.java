package dev.mp4j.micrometer;

import dev.mp4j.queue.Queue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * The depth of a cross-process {@link Queue} as the gauge {@code mp4j.queue.size} (tagged
 * {@code name=<name>}): items put and not yet taken, by any process. Reading it is two loads from
 * the queue's shared memory; the queue holds only a weak reference's worth of cost (Micrometer's
 * gauges hold their object weakly).
 */
public final class QueueMetrics implements MeterBinder {
    private final Queue<?> queue;
    private final Iterable<Tag> tags;

    public QueueMetrics(Queue<?> queue, String name, Iterable<Tag> tags) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", Objects.requireNonNull(name, "name"));
    }

    public QueueMetrics(Queue<?> queue, String name) {
        this(queue, name, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("mp4j.queue.size", queue, Queue::qsize).tags(tags).description("Items in the queue")
                .baseUnit("items").register(registry);
    }
}
