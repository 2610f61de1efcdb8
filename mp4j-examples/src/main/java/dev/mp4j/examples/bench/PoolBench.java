package dev.mp4j.examples.bench;

import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pool figures of the benchmark table, printed as JSON lines: apply round trip, map of
 * 100,000 trivial tasks with chunksize 1 and with the default chunksize, imap of 100,000 trivial
 * tasks read lazily from a generator (chunksize 1, the default read-ahead), and the time to
 * recover from a killed worker. Twin: bench/python/pool.py.
 */
public final class PoolBench {
    private PoolBench() {
    }

    public static void main(String[] args) throws Exception {
        int workers = 2;
        try (Pool pool = Pool.create(workers)) {
            List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
            for (int i = 0; i < 5; i++) { // warm both map paths: steady state is what is compared
                pool.map(x -> x, items, 1);
                pool.map(x -> x, items);
            }
            for (int i = 0; i < 2_000; i++) {
                pool.applyAsync(() -> 1).get();
            }
            long[] samples = new long[5_000];
            for (int i = 0; i < samples.length; i++) {
                long start = System.nanoTime();
                pool.applyAsync(() -> 1).get();
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            emit("apply_round_trip", samples[samples.length / 2] / 1000.0, "us", false);

            long start = System.nanoTime();
            List<Integer> out = pool.map(x -> x, items, 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            check(out, items);
            emit("map_100k_chunksize_1", items.size() / seconds, "tasks/s", true);

            for (int i = 0; i < 3; i++) {
                imapOfGenerator(pool, items.size());
            }
            double[] imapRates = new double[5];
            for (int i = 0; i < imapRates.length; i++) {
                imapRates[i] = imapOfGenerator(pool, items.size());
            }
            Arrays.sort(imapRates);
            emit("imap_100k_chunksize_1_from_generator", imapRates[imapRates.length / 2], "tasks/s", true);

            emit("map_100k_default_chunksize", medianMapRate(pool, items), "tasks/s", true);

            // the same once the workers' JIT has compiled the map path: what a long-running pool sees
            for (int i = 0; i < 50; i++) {
                pool.map(x -> x, items);
            }
            emit("map_100k_default_chunksize_after_50_maps", medianMapRate(pool, items), "tasks/s", true);

            List<Long> recoveries = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                long killStart = System.nanoTime();
                var victim = pool.applyAsync(() -> {
                    Runtime.getRuntime().halt(9);
                    return 0;
                });
                try {
                    victim.join();
                } catch (RuntimeException expected) {
                    // WorkerDiedException
                }
                while (pool.workerPids().size() < workers) {
                    Thread.onSpinWait();
                }
                pool.map(x -> x, List.of(1, 2, 3, 4), 1);
                recoveries.add(System.nanoTime() - killStart);
            }
            recoveries.sort(null);
            emit("recover_from_killed_worker", recoveries.get(1) / 1e6, "ms", false);
        }
    }

    /** Tasks/s of one imap of 0..n-1 read lazily from an iterator, every result checked in order. */
    private static double imapOfGenerator(Pool pool, int n) {
        long start = System.nanoTime();
        Iterator<Integer> results = pool.imap((Integer x) -> x, () -> IntStream.range(0, n).boxed().iterator());
        for (int expected = 0; expected < n; expected++) {
            if (results.next() != expected) {
                throw new IllegalStateException("imap returned a wrong result at " + expected);
            }
        }
        if (results.hasNext()) {
            throw new IllegalStateException("imap returned more results than inputs");
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Median tasks/s of 5 maps of {@code items} with the default chunksize, each result checked. */
    private static double medianMapRate(Pool pool, List<Integer> items) {
        double[] rates = new double[5];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            List<Integer> out = pool.map(x -> x, items);
            rates[i] = items.size() / ((System.nanoTime() - start) / 1e9);
            check(out, items);
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    private static void check(List<Integer> out, List<Integer> items) {
        if (!out.equals(items)) {
            throw new IllegalStateException("map returned wrong results");
        }
    }

    static void emit(String name, double value, String unit, boolean higherIsBetter) {
        System.out.printf("{\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"higherIsBetter\": %s}%n",
                name, value, unit, higherIsBetter);
    }
}
