package dev.mp4j.internal.observe;

import dev.mp4j.observe.PoolStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The live pools of this JVM, for the status socket ({@code mp4j top}), dashboards and JMX.
 * Weakly held: a pool nobody references (and that is done) leaves by itself. Pools register
 * once and leave when they have terminated; thread-safe.
 */
public final class PoolRegistry {
    private static final Set<ObservedPool> pools = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private PoolRegistry() {
    }

    public static void add(ObservedPool pool) {
        pools.add(pool);
    }

    public static void remove(ObservedPool pool) {
        pools.remove(pool);
    }

    /** A snapshot of every live pool, oldest first is not guaranteed. */
    public static List<PoolStats> stats() {
        List<ObservedPool> live;
        synchronized (pools) {
            live = new ArrayList<>(pools);
        }
        List<PoolStats> stats = new ArrayList<>(live.size());
        for (ObservedPool pool : live) {
            try {
                stats.add(pool.stats());
            } catch (RuntimeException e) {
                // a pool that cannot say (a cluster pool whose Redis is gone) is left out of this snapshot
            }
        }
        stats.sort(java.util.Comparator.comparing(PoolStats::name));
        return stats;
    }
}
