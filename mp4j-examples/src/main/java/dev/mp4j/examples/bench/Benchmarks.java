package dev.mp4j.examples.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark name → Java main class; the CPython twin is {@code bench/python/NAME.py}. Each side
 * prints one JSON line per metric: {@code {"name", "value", "unit", "higherIsBetter"}}.
 */
public final class Benchmarks {
    private static final String[][] ENTRIES = {
        {"pool", "dev.mp4j.examples.bench.PoolBench"},
        {"process_start", "dev.mp4j.examples.bench.ProcessStartBench"},
        {"pool_lifecycle", "dev.mp4j.examples.bench.PoolLifecycleBench"},
        {"command_pool", "dev.mp4j.examples.bench.CommandPoolBench"},
        {"manager_dict_roundtrip", "dev.mp4j.examples.bench.ManagerDictRoundtrip"},
        {"manager_dict_updates", "dev.mp4j.examples.bench.ManagerDictUpdates"},
        {"queue_throughput", "dev.mp4j.examples.bench.QueueThroughput"},
        {"queue_large_items", "dev.mp4j.examples.bench.QueueLargeItems"},
        {"pipe_throughput", "dev.mp4j.examples.bench.PipeThroughput"},
        {"pipe_round_trip", "dev.mp4j.examples.bench.PipeRoundTrip"},
        {"locked_value_increments", "dev.mp4j.examples.bench.LockedValueIncrements"},
        {"cluster_executor", "dev.mp4j.cli.bench.ClusterExecutorBench"},
        {"observe_cost", "dev.mp4j.examples.bench.ObserveCostBench"},
    };

    private Benchmarks() {
    }

    public static Map<String, Class<?>> all() {
        Map<String, Class<?>> found = new TreeMap<>();
        for (String[] entry : ENTRIES) {
            try {
                found.put(entry[0], Class.forName(entry[1]));
            } catch (ClassNotFoundException absent) {
                // not in this build
            }
        }
        return found;
    }
}
