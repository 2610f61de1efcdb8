package dev.mp4j.internal.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions a pool worker JVM holds, by id, at most {@code capacity}, the least recently used
 * evicted first. A worker keeps one with the functions; the parent keeps one per worker with the
 * ids alone, updated in the same order as the frames it sends (a FUNCTION frame {@link #add}s, a
 * TASK frame {@link #touch}es), so both evict the same id at the same frame and the parent sends
 * a function again exactly when the worker no longer has it. Without the bound a long-lived pool
 * given a fresh capturing lambda per call kept every one of them, captured values included.
 *
 * <p>Not thread-safe: the worker's main thread, or the parent's send lock, owns it.
 */
final class FunctionTable<V> {
    /** How many functions a worker keeps: {@code -Dmp4j.poolFunctionsPerWorker} (default 256), read per pool. */
    static int configuredCapacity() {
        int capacity = Integer.getInteger("mp4j.poolFunctionsPerWorker", 256);
        if (capacity < 1) {
            throw new IllegalArgumentException("mp4j.poolFunctionsPerWorker must be at least 1, not " + capacity);
        }
        return capacity;
    }

    private final LinkedHashMap<Integer, V> entries;

    FunctionTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a function table holds at least one function, not " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether {@code id} is held; does not count as a use. */
    boolean contains(int id) {
        return entries.containsKey(id);
    }

    /** The function {@code id}, now the most recently used, or null when it is not held. */
    V touch(int id) {
        return entries.get(id);
    }

    /** Holds {@code function} as the most recently used, evicting the least recently used beyond capacity. */
    void add(int id, V function) {
        entries.put(id, function);
    }

    int size() {
        return entries.size();
    }
}
