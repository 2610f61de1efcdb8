package dev.mp4j.cli.bench;

import dev.mp4j.Engine;
import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.cluster.LocalWorkers;
import dev.mp4j.pool.Pool;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The cluster engine's figures against the process engine on the same machine, as JSON lines:
 * apply round trip and map throughput (chunksize 1, and the default chunksize) of an
 * {@code Engine.CLUSTER} pool served by 2 worker JVMs on loopback Redis, and of a 2-worker
 * {@code Engine.PROCESSES} pool. Redis: {@code MP4J_REDIS} if set, else a redis-server started
 * here on 127.0.0.1 (random port, no persistence) and killed at the end. Twin:
 * bench/python/cluster_executor.py (CPython's multiprocessing.Pool(2): the PROCESSES rows only).
 */
public final class ClusterExecutorBench {
    private static final int ROUND_TRIPS = 1_000;
    private static final int MAP_TASKS = 5_000;

    private ClusterExecutorBench() {
    }

    public static void main(String[] args) throws Exception {
        String configured = System.getenv("MP4J_REDIS");
        LocalRedis redis = configured == null || configured.isBlank() ? LocalRedis.start() : null;
        String address = redis != null ? redis.address() : configured;
        try (LocalWorkers workers = LocalWorkers.builder(address).jvms(2).workersPerJvm(1).start();
             Pool cluster = Pool.builder().engine(Engine.CLUSTER).redis(address).processes(2).build()) {
            measure("cluster", cluster);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        try (Pool processes = Pool.builder().engine(Engine.PROCESSES).processes(2).build()) {
            measure("processes", processes);
        }
    }

    private static void measure(String engine, Pool pool) throws Exception {
        List<Integer> items = IntStream.range(0, MAP_TASKS).boxed().toList();
        for (int i = 0; i < 200; i++) { // warm-up: connections, JIT on both sides
            pool.applyAsync(() -> 1).get();
        }
        pool.map(x -> x, items, 1);
        long[] samples = new long[ROUND_TRIPS];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            pool.applyAsync(() -> 1).get();
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        emit(engine + "_apply_round_trip", samples[samples.length / 2] / 1000.0, "us", false);
        emit(engine + "_apply_round_trip_p99", samples[samples.length * 99 / 100] / 1000.0, "us", false);
        double[] rates = new double[3];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            List<Integer> out = pool.map(x -> x, items, 1);
            rates[i] = items.size() / ((System.nanoTime() - start) / 1e9);
            if (!out.equals(items)) {
                throw new IllegalStateException(engine + " map returned wrong results");
            }
        }
        Arrays.sort(rates);
        emit(engine + "_map_chunksize_1", rates[1], "tasks/s", true);
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            List<Integer> out = pool.map(x -> x, items);
            rates[i] = items.size() / ((System.nanoTime() - start) / 1e9);
            if (!out.equals(items)) {
                throw new IllegalStateException(engine + " map returned wrong results");
            }
        }
        Arrays.sort(rates);
        emit(engine + "_map_default_chunksize", rates[1], "tasks/s", true);
    }

    private static void emit(String name, double value, String unit, boolean higherIsBetter) {
        System.out.printf("{\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"higherIsBetter\": %s}%n",
                name, value, unit, higherIsBetter);
    }
}
