package dev.mp4j.examples.bench;

import dev.mp4j.pool.Pool;
import jdk.jfr.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What seeing inside costs a process pool: the apply round trip and map throughput of
 * {@link PoolBench}, measured on a fresh 2-worker pool in three modes, each twice (A B C C B A, after a
 * warm-up pool), in one JVM, the two figures of a mode averaged: nothing on (the default: events dormant, no dashboard), {@code @dashboard} (the pool built
 * with {@code dashboard(0)}: the web view samples {@code Pool.stats()} every second, and a reader
 * takes {@code stats()} 10 times a second, as a Micrometer scrape or JMX console would), and
 * {@code @jfr} (a flight recording running with every {@code dev.mp4j.*} event enabled: the cost
 * when on). No CPython twin.
 */
public final class ObserveCostBench {
    private ObserveCostBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        String[] modes = {"", "@dashboard", "@jfr"};
        measure("warm-up", items); // the calling JVM's JIT warms up on a pool of its own first
        java.util.Map<String, double[]> sums = new java.util.LinkedHashMap<>();
        // each mode twice, in the order A B C C B A, so that a drift over the run weighs on all alike
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < modes.length; i++) {
                String mode = modes[pass == 0 ? i : modes.length - 1 - i];
                double[] figures = measure(mode, items);
                double[] sum = sums.computeIfAbsent(mode, key -> new double[figures.length]);
                for (int f = 0; f < figures.length; f++) {
                    sum[f] += figures[f] / 2;
                }
            }
        }
        for (String mode : modes) {
            double[] mean = sums.get(mode);
            PoolBench.emit("apply_round_trip" + mode, mean[0], "us", false);
            PoolBench.emit("map_100k_chunksize_1" + mode, mean[1], "tasks/s", true);
            PoolBench.emit("map_100k_default_chunksize_after_50_maps" + mode, mean[2], "tasks/s", true);
        }
    }

    /** Apply round trip (us, median), map chunksize 1 and default chunksize (tasks/s, medians) of a fresh pool in {@code mode}. */
    private static double[] measure(String mode, List<Integer> items) throws Exception {
        Recording recording = null;
        Path dir = null;
        if (mode.equals("@jfr")) { // the worker JVMs follow the recording into the same directory
            dir = Files.createTempDirectory("mp4j-observe-cost");
            recording = new Recording();
            for (String event : List.of("TaskSubmitted", "TaskStarted", "TaskFinished", "TaskExecution", "WorkerStarted",
                    "WorkerExited", "PoolCreated", "PoolClosed")) {
                recording.enable("dev.mp4j." + event);
            }
            recording.setDestination(dir.resolve("bench.jfr"));
            recording.start();
        }
        Pool.Builder builder = Pool.builder().processes(2).name("observe-cost");
        if (mode.equals("@dashboard")) {
            builder.dashboard(0);
        }
        Pool pool = builder.build();
        Thread poller = null;
        try {
            if (mode.equals("@dashboard")) {
                poller = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        pool.stats();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            for (int i = 0; i < 5; i++) {
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
            double[] rates = new double[3];
            for (int i = 0; i < rates.length; i++) {
                long start = System.nanoTime();
                List<Integer> out = pool.map(x -> x, items, 1);
                rates[i] = items.size() / ((System.nanoTime() - start) / 1e9);
                check(out, items);
            }
            Arrays.sort(rates);
            for (int i = 0; i < 50; i++) {
                pool.map(x -> x, items);
            }
            double[] chunked = new double[5];
            for (int i = 0; i < chunked.length; i++) {
                long start = System.nanoTime();
                List<Integer> out = pool.map(x -> x, items);
                chunked[i] = items.size() / ((System.nanoTime() - start) / 1e9);
                check(out, items);
            }
            Arrays.sort(chunked);
            return new double[] {samples[samples.length / 2] / 1000.0, rates[1], chunked[2]};
        } finally {
            if (poller != null) {
                poller.interrupt();
            }
            pool.close();
            pool.join(); // the workers have exited (and written their recordings)
            if (recording != null) {
                recording.stop();
                recording.close();
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private static void check(List<Integer> out, List<Integer> items) {
        if (!out.equals(items)) {
            throw new IllegalStateException("map returned wrong results");
        }
    }
}
