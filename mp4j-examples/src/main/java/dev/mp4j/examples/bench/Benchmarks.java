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
        {"command_pool", "dev.mp4j.examples.bench.CommandPoolBench"},
        {"queue", "dev.mp4j.examples.bench.QueueThroughput"},
        {"pipe", "dev.mp4j.examples.bench.PipeThroughput"},
        {"pipe_round_trip", "dev.mp4j.examples.bench.PipeRoundTrip"},
        {"locked_value", "dev.mp4j.examples.bench.LockedValueIncrements"},
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
