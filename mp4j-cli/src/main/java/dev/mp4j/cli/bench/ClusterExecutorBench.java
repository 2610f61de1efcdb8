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
        warmUp(engine, pool, items, big);
        long[] samples = applyRoundTrips(pool);
        emit(engine + "_apply_round_trip", samples[samples.length / 2] / 1000.0, "us", false);
        emit(engine + "_apply_round_trip_p99", samples[samples.length * 99 / 100] / 1000.0, "us", false);
        emit(engine + "_map_chunksize_1", mapRate(engine, pool, items, 1), "tasks/s", true);
        emit(engine + "_map_default_chunksize", mapRate(engine, pool, items, 0), "tasks/s", true);
        emit(engine + "_map_default_chunksize_100k", mapRate(engine, pool, big, 0), "tasks/s", true);
    }

    /**
     * Runs every measured kind of call until the JIT compilers of every JVM involved are done with
     * it (this one, the worker JVMs, the pool's processes): on 2 cores their compiler threads take a
     * large share of the first tens of seconds (measured 2026-12-07: 4-13 ms of C2 time in each
     * cluster worker per map of 100,000 items after 6 s of those maps, under 1 ms after 30 s, and a
     * process pool's map of 100,000 items twice as fast after 30 s as after 6 s), and a figure taken
     * before then measures the warm-up, not the engine. Each kind runs at least a count and a time,
     * then until the compiler threads of all those JVMs used under {@value #QUIET_SHARE_PERCENT}% of
     * a core in each of two {@value #QUIET_WINDOW_SECONDS}-second windows in a row (at most
     * {@value #WARM_UP_CAP_SECONDS} s). Emits the total warm-up time of the engine. Without
     * {@code big}, only the kinds the scale-out rows measure (apply, map chunksize 1).
     */
    private static void warmUp(String engine, Pool pool, List<Integer> items, List<Integer> big) throws Exception {
        long start = System.nanoTime();
        untilCompiled(engine + " apply", 15_000, () -> {
            try {
                pool.applyAsync(() -> 1).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        untilCompiled(engine + " map chunksize 1", 10, () -> pool.map(x -> x, items, 1));
        if (big != null) {
            untilCompiled(engine + " map of 5,000 items", 300, () -> pool.map(x -> x, items));
            untilCompiled(engine + " map of 100,000 items", 5, () -> pool.map(x -> x, big));
        }
        emit(engine + "_warm_up_until_jit_quiet", (System.nanoTime() - start) / 1e9, "s", false);
    }

    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final int QUIET_SHARE_PERCENT = 2;
    private static final int QUIET_WINDOW_SECONDS = 2;
    private static final int WARM_UP_CAP_SECONDS = 40;

    /** Runs {@code call} at least {@code minimumCalls} times and 4 s, then until the JIT compilers are quiet (see {@link #warmUp}). */
    private static void untilCompiled(String kind, int minimumCalls, Runnable call) {
        long start = System.nanoTime();
        for (int i = 0; i < minimumCalls || System.nanoTime() - start < WARM_UP_NANOS; i++) {
            call.run();
        }
        long windowStart = System.nanoTime();
        long compilingAtWindowStart = compilerCpuNanos();
        if (compilingAtWindowStart < 0) {
            note("warm-up: no /proc on this machine, so each kind ran a fixed 4 s instead of until the JIT compilers were quiet");
            return;
        }
        int quietWindows = 0;
        while (quietWindows < 2) {
            long now = System.nanoTime();
            if (now - start > WARM_UP_CAP_SECONDS * 1_000_000_000L) {
                note("warm-up: the " + kind + " reached its cap of " + WARM_UP_CAP_SECONDS
                        + " s before the JIT compilers were quiet in some round");
                return;
            }
            call.run();
            now = System.nanoTime();
            if (now - windowStart >= QUIET_WINDOW_SECONDS * 1_000_000_000L) {
                long compiling = compilerCpuNanos();
                boolean quiet = (compiling - compilingAtWindowStart) * 100 < (now - windowStart) * QUIET_SHARE_PERCENT;
                quietWindows = quiet ? quietWindows + 1 : 0;
                windowStart = now;
                compilingAtWindowStart = compiling;
            }
        }
    }

    /**
     * CPU time of the JIT compiler threads of this JVM and of every process it started (the worker
     * JVMs, the pool's processes; Redis has none), from /proc; -1 where there is no /proc.
     */
    private static long compilerCpuNanos() {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            return -1;
        }
        long ticks = compilerTicks(ProcessHandle.current().pid());
        for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
            ticks += compilerTicks(process.pid());
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** Linux's USER_HZ, the unit of /proc's CPU times, fixed at 100 on every architecture it runs the JDK on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static long compilerTicks(long pid) {
        long ticks = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> threads =
                     java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
            for (java.nio.file.Path thread : threads) {
                try {
                    String stat = java.nio.file.Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended while we read: its time no longer counts anywhere
                }
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
        return ticks;
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
                warmUp("cluster_netns", pool, items, null);
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
