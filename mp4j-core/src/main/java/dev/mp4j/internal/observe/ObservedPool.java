package dev.mp4j.internal.observe;

import dev.mp4j.observe.PoolStats;

/** Something that can say what a pool is doing: a pool backend, or a view of a cluster. */
@FunctionalInterface
public interface ObservedPool {
    PoolStats stats();
}
