package dev.mp4j.cli.bench;

import dev.mp4j.Engine;
import dev.mp4j.cluster.ClusterConnectionException;
import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.cluster.LocalWorkers;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ResultIterator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * The cluster engine's figures against the process engine on the same machine, as JSON lines:
 * apply round trip (median, p99) and map throughput (chunksize 1; the default chunksize on 5,000
 * and on 100,000 items) of an {@code Engine.CLUSTER} pool served by 2 worker JVMs (one worker
 * thread each) on loopback Redis, and of a 2-worker {@code Engine.PROCESSES} pool; then the
 * failure rows: a worker SIGKILLed mid-map (time from the kill to the last result of the tasks it
 * held; every result checked to arrive exactly once) and Redis killed mid-map (time from the kill
 * to the map's {@code ClusterConnectionException}, documented bound 20 s); and the scale-out rows,
 * with the worker JVMs in their own network namespace (root only). Redis:
 * {@code MP4J_REDIS} if set, else a redis-server started here ({@link LocalRedis}) and killed at the end.
 *
 * <p>Twin: bench/python/cluster_executor.py, CPython's multiprocessing.Pool(2) for the PROCESSES
 * rows and, where Debian's python3-celery is installed, Celery on the same kind of Redis with 2
 * prefork workers for the cluster rows.
 */
public final class ClusterExecutorBench {
    private static final int ROUND_TRIPS = 1_000;
    private static final int MAP_TASKS = 5_000;
    private static final int BIG_MAP = 100_000;
    private static final long WARM_UP_NANOS = 4_000_000_000L;

    private ClusterExecutorBench() {
    }

    public static void main(String[] args) throws Exception {
        String configured = System.getenv("MP4J_REDIS");
        LocalRedis redis = configured == null || configured.isBlank() ? LocalRedis.start() : null;
        String address = redis != null ? redis.address() : configured;
        try (LocalWorkers workers = LocalWorkers.builder(address).jvms(2).workersPerJvm(1).start();
             Pool cluster = Pool.builder().engine(Engine.CLUSTER).redis(address).processes(2).build()) {
            measure("cluster", cluster);
            killOneWorkerMidMap(cluster, workers);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        redisLostMidMap();
        scaleOut();
        try (Pool processes = Pool.builder().engine(Engine.PROCESSES).processes(2).build()) {
            measure("processes", processes);
        }
    }

    private static void measure(String engine, Pool pool) throws Exception {
        List<Integer> items = IntStream.range(0, MAP_TASKS).boxed().toList();
        List<Integer> big = IntStream.range(0, BIG_MAP).boxed().toList();
        // warm-up to a steady state: connections, and the JIT of every JVM involved (on 2 cores the
        // compiler threads of the caller and the workers take a large share of the first seconds)
        warmUp(pool, items, big);
        long[] samples = applyRoundTrips(pool);
        emit(engine + "_apply_round_trip", samples[samples.length / 2] / 1000.0, "us", false);
        emit(engine + "_apply_round_trip_p99", samples[samples.length * 99 / 100] / 1000.0, "us", false);
        emit(engine + "_map_chunksize_1", mapRate(engine, pool, items, 1), "tasks/s", true);
        emit(engine + "_map_default_chunksize", mapRate(engine, pool, items, 0), "tasks/s", true);
        emit(engine + "_map_default_chunksize_100k", mapRate(engine, pool, big, 0), "tasks/s", true);
    }

    /**
     * Runs every measured kind of call until the JIT of every JVM involved is done with it: on 2
     * cores the compiler threads of the caller and the workers take a large share of the first
     * tens of seconds (measured: a cluster apply costs 5x the CPU after 3,000 calls than after
     * 15,000), so each kind runs at least a count and at least a time.
     */
    private static void warmUp(Pool pool, List<Integer> items, List<Integer> big) throws Exception {
        long until = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 15_000 || System.nanoTime() < until; i++) {
            pool.applyAsync(() -> 1).get();
        }
        until = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 10 || System.nanoTime() < until; i++) {
            pool.map(x -> x, items, 1);
        }
        until = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 300 || System.nanoTime() < until; i++) {
            pool.map(x -> x, items);
        }
        until = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 5 || System.nanoTime() < until; i++) {
            pool.map(x -> x, big);
        }
    }

    /** {@value #ROUND_TRIPS} apply round trips, in nanoseconds, sorted. */
    private static long[] applyRoundTrips(Pool pool) throws Exception {
        long[] samples = new long[ROUND_TRIPS];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            pool.applyAsync(() -> 1).get();
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return samples;
    }

    /**
     * The median of several maps' rates (3 at chunksize 1; at the default chunksize, whose map of
     * 5,000 items lasts about a millisecond, 11, and 5 of 100,000 items); chunksize 0 means the pool's default.
     */
    private static double mapRate(String engine, Pool pool, List<Integer> items, int chunksize) {
        double[] rates = new double[chunksize == 1 ? 3 : items.size() <= 10_000 ? 11 : 5];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            List<Integer> out = chunksize > 0 ? pool.map(x -> x, items, chunksize) : pool.map(x -> x, items);
            rates[i] = items.size() / ((System.nanoTime() - start) / 1e9);
            if (!out.equals(items)) {
                throw new IllegalStateException(engine + " map returned wrong results");
            }
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /**
     * A map of 2 ms tasks (chunksize 1) on the 2 workers; worker 0 is SIGKILLed once 200 results
     * are in. The tasks it held come back from the survivor once its claim lapses, out of order:
     * tasks are handed out in item order and the survivor runs its own in that order, so the
     * results that arrive after the kill below the highest item seen so far are the lost ones. The
     * row is the time from the kill to the last of them; every item must arrive exactly once.
     */
    private static void killOneWorkerMidMap(Pool pool, LocalWorkers workers) {
        int tasks = 600;
        List<Integer> items = IntStream.range(0, tasks).boxed().toList();
        ResultIterator<Integer> results = pool.imapUnordered(x -> {
            LockSupport.parkNanos(2_000_000);
            return x;
        }, items, MapOptions.DEFAULTS.withChunksize(1));
        Set<Integer> seen = new HashSet<>();
        int highest = -1;
        long killedAt = 0;
        long lastLostResult = 0;
        while (results.hasNext()) {
            int item = results.next();
            long now = System.nanoTime();
            if (!seen.add(item)) {
                throw new IllegalStateException("item " + item + " was delivered twice");
            }
            if (killedAt != 0 && item < highest) {
                lastLostResult = now;
            }
            highest = Math.max(highest, item);
            if (killedAt == 0 && seen.size() == 200) {
                workers.kill(0);
                killedAt = System.nanoTime();
            }
        }
        if (seen.size() != tasks) {
            throw new IllegalStateException("lost " + (tasks - seen.size()) + " results after a worker was killed");
        }
        emit("cluster_worker_killed_to_lost_task_result", lastLostResult == 0 ? 0 : (lastLostResult - killedAt) / 1e6, "ms", false);
    }

    /**
     * Its own redis-server and worker, a map of 200 tasks of 50 ms, redis-server SIGKILLed once the
     * first result is in: the row is the time from the kill to the map's failure, which must be a
     * {@link ClusterConnectionException}.
     */
    private static void redisLostMidMap() throws Exception {
        LocalRedis doomed = LocalRedis.start();
        try (LocalWorkers worker = LocalWorkers.builder(doomed.address()).jvms(1).start();
             Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(doomed.address()).processes(1).build()) {
            ResultIterator<Integer> results = pool.imapUnordered(x -> {
                LockSupport.parkNanos(50_000_000);
                return x;
            }, IntStream.range(0, 200).boxed().toList(), MapOptions.DEFAULTS.withChunksize(1));
            results.next();
            long killedAt = System.nanoTime();
            ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Throwable failure = null;
            try {
                while (results.hasNext()) {
                    results.next();
                }
            } catch (RuntimeException e) {
                failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            }
            long failedAt = System.nanoTime();
            if (!(failure instanceof ClusterConnectionException)) {
                throw new IllegalStateException("losing Redis mid-map raised " + failure + ", not ClusterConnectionException",
                        failure);
            }
            emit("cluster_redis_killed_to_error", (failedAt - killedAt) / 1e6, "ms", false);
            pool.terminate();
        } finally {
            doomed.close();
        }
    }

    /**
     * The chunksize-1 map and the apply round trip again with the 2 worker JVMs in their own
     * network namespace, joined to this host by a veth pair, reaching Redis over a non-loopback
     * address as workers on other machines would. Needs root and iproute2; otherwise a note says why.
     */
    private static void scaleOut() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            note("cluster_netns rows skipped: creating a network namespace needs root");
            return;
        }
        String suffix = Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String namespace = "mp4jb-" + suffix;
        int subnet = 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(254);
        String host = "10.214." + subnet + ".1";
        String inside = "10.214." + subnet + ".2";
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", namespace),
                List.of("ip", "link", "add", "mp4jbh" + suffix, "type", "veth", "peer", "name", "mp4jbn" + suffix),
                List.of("ip", "link", "set", "mp4jbn" + suffix, "netns", namespace),
                List.of("ip", "addr", "add", host + "/30", "dev", "mp4jbh" + suffix),
                List.of("ip", "link", "set", "mp4jbh" + suffix, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", inside + "/30", "dev", "mp4jbn" + suffix),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "mp4jbn" + suffix, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
        try {
            for (List<String> step : steps) {
                String failure = run(step);
                if (failure != null) {
                    note("cluster_netns rows skipped: this machine does not allow a network namespace ('" + String.join(" ", step)
                            + "' failed: " + failure + ")");
                    return;
                }
            }
            LocalRedis redis = LocalRedis.listeningAlsoOn(host);
            String address = redis.address(host);
            try (LocalWorkers workers = LocalWorkers.builder(address).jvms(2).workersPerJvm(1)
                    .launcher("ip", "netns", "exec", namespace).start();
                 Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(address).processes(2).build()) {
                List<Integer> items = IntStream.range(0, MAP_TASKS).boxed().toList();
                warmUp(pool, items, IntStream.range(0, BIG_MAP).boxed().toList());
                long[] samples = applyRoundTrips(pool);
                emit("cluster_netns_apply_round_trip", samples[samples.length / 2] / 1000.0, "us", false);
                emit("cluster_netns_map_chunksize_1", mapRate("cluster_netns", pool, items, 1), "tasks/s", true);
            } finally {
                redis.close();
            }
        } finally {
            run(List.of("ip", "netns", "del", namespace));
        }
    }

    /** Null when {@code command} succeeded, else what it printed. */
    private static String run(List<String> command) {
        try {
            java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within 20 s";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (java.io.IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void note(String text) {
        System.out.println("{\"note\": \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    private static void emit(String name, double value, String unit, boolean higherIsBetter) {
        System.out.printf(Locale.ROOT, "{\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"higherIsBetter\": %s}%n",
                name, value, unit, higherIsBetter);
    }
}
