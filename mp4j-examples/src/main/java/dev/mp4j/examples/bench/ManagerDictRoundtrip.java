package dev.mp4j.examples.bench;

import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;

import java.util.Arrays;

/**
 * Latency of one proxy call on a manager dict: {@code d.get("key")}, server in its own JVM.
 * Prints one JSON line: the median over batches of the mean time per call, in microseconds.
 * Twin: bench/python/manager_dict_roundtrip.py.
 */
public final class ManagerDictRoundtrip {
    private static final int WARMUP = 30_000;
    private static final int BATCHES = 40;
    private static final int BATCH = 1_000;

    private ManagerDictRoundtrip() {
    }

    public static void main(String[] args) {
        try (Manager manager = Manager.start()) {
            SharedMap<String, Integer> d = manager.dict();
            d.put("key", 1);
            long sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                sink += d.get("key");
            }
            double[] micros = new double[BATCHES];
            for (int b = 0; b < BATCHES; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    sink += d.get("key");
                }
                micros[b] = (System.nanoTime() - start) / 1_000.0 / BATCH;
            }
            Arrays.sort(micros);
            double median = micros[BATCHES / 2];
            if (sink == 0) {
                throw new IllegalStateException("no value was read");
            }
            System.out.printf("{\"name\": \"manager_dict_roundtrip\", \"value\": %.2f, \"unit\": \"us\"}%n", median);
        }
    }
}
