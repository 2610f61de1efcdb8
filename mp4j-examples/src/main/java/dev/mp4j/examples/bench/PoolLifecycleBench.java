package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.process.ChildJvm;
import dev.mp4j.internal.process.ProcessEngine;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * What a short-lived pool costs, start to finish: {@code Pool(n)} + {@code map} of 1,000 trivial
 * items with chunksize 1 + {@code close()}, and {@code Pool(n)} + one {@code apply} + {@code close()},
 * for n = 1, 2, 4, 8. Twin: bench/python/pool_lifecycle.py (fork, forkserver, spawn).
 *
 * <p>Two figures per shape: {@code _first}, the first pool of a program (measured in a fresh JVM
 * started for it, from just before {@code Pool.create}: the engine's own start included, no spare
 * JVM yet), and the plain one, a later pool of the same program (median of 5), which finds the
 * spare JVMs the first one left. CPython's twin measures the same two (a fresh interpreter for the
 * first). {@code _after_pause}: a later pool made after a pause of {@link #PAUSE_MILLIS} (median of
 * 3), as a program that does something else between its pools makes them: the spares it keeps
 * have been made again meanwhile, while back-to-back pools start most of their workers cold.
 * {@code @threadpool}: the same on {@link ThreadPool}, for reference. Also: the phases of
 * a first {@code Pool(8)} (timeline), {@code Process} start+join from a warm spare, and the memory
 * of idle spares.
 */
public final class PoolLifecycleBench {
    private static final int[] SIZES = {1, 2, 4, 8};
    private static final List<Integer> ITEMS = IntStream.range(0, 1000).boxed().toList();
    private static final Pattern LINE = Pattern.compile("(\\w+)=([0-9.]+)");
    /** The pause before each {@code _after_pause} pool: spares are made after 250 ms without a start, one at a time. */
    private static final long PAUSE_MILLIS = 1000;

    private PoolLifecycleBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--first")) {
            firstPool(args[1]);
            return;
        }
        for (int n : SIZES) {
            double[] map = firstInFreshJvm("map", n);
            PoolBench.emit("map1000_n" + n + "_first", map[0], "ms", false);
            if (n == 8) {
                String[] phases = {"spawn_to_first_up", "first_up_to_first_connected", "create_to_all_connected",
                        "map_done", "close"};
                for (int i = 0; i < phases.length; i++) {
                    PoolBench.emit("timeline_pool8_first_" + phases[i], map[i + 1], "ms", false);
                }
            }
            PoolBench.emit("apply_n" + n + "_first", firstInFreshJvm("apply", n)[0], "ms", false);
        }
        // later pools of this program: the spares the earlier ones asked for are there
        lifecycle("map", 1);
        for (int n : SIZES) {
            PoolBench.emit("map1000_n" + n, median(5, () -> lifecycle("map", n)), "ms", false);
            PoolBench.emit("apply_n" + n, median(5, () -> lifecycle("apply", n)), "ms", false);
            PoolBench.emit("map1000_n" + n + "@threadpool", median(5, () -> threadLifecycle("map", n)), "ms", false);
            PoolBench.emit("apply_n" + n + "@threadpool", median(5, () -> threadLifecycle("apply", n)), "ms", false);
        }
        for (int n : new int[] {1, 2, 4}) {
            PoolBench.emit("map1000_n" + n + "_after_pause", median(3, () -> {
                Thread.sleep(PAUSE_MILLIS);
                return lifecycle("map", n);
            }), "ms", false);
        }
        PoolBench.emit("process_start_join_warm_spare", median(15, PoolLifecycleBench::startJoinFromSpare), "ms", false);
        PoolBench.emit("idle_spare_rss", spareRssMiB(), "MiB", false);
        PoolBench.emit("spares_kept_after_pool8", ProcessEngine.get().spareTarget(), "JVMs", false);
    }

    interface Measurement {
        double run() throws Exception;
    }

    private static double median(int rounds, Measurement measurement) throws Exception {
        double[] samples = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            samples[i] = measurement.run();
        }
        Arrays.sort(samples);
        return samples[rounds / 2];
    }

    /** Pool(n) + the shape + close, in ms. */
    private static double lifecycle(String shape, int n) {
        long start = System.nanoTime();
        try (Pool pool = Pool.create(n)) {
            work(pool, shape);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double threadLifecycle(String shape, int n) {
        long start = System.nanoTime();
        try (Pool pool = ThreadPool.create(n)) {
            work(pool, shape);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void work(Pool pool, String shape) {
        if (shape.equals("map")) {
            List<Integer> out = pool.map(x -> x * 2, ITEMS, 1);
            if (out.size() != ITEMS.size() || out.get(999) != 1998) {
                throw new IllegalStateException("map returned wrong results");
            }
        } else if (pool.apply(() -> 42) != 42) {
            throw new IllegalStateException("apply returned a wrong result");
        }
    }

    /**
     * In a JVM started for it (its own start not counted): the first pool of a program, and for
     * Pool(8) the times of its phases, printed as name=value lines.
     */
    private static void firstPool(String spec) throws Exception {
        String shape = spec.substring(0, spec.indexOf(':'));
        int n = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        long start = System.nanoTime();
        Pool pool = Pool.create(n);
        work(pool, shape);
        long workDone = System.nanoTime();
        List<ChildJvm.Timeline> timelines = n == 8 ? timelines(pool) : List.of();
        pool.close();
        long closed = System.nanoTime();
        StringBuilder line = new StringBuilder("total=" + (closed - start) / 1e6);
        if (!timelines.isEmpty()) {
            long firstSpawn = timelines.stream().mapToLong(ChildJvm.Timeline::spawnedNanos).min().orElse(start);
            long firstUp = timelines.stream().mapToLong(ChildJvm.Timeline::upNanos).filter(t -> t > 0).min().orElse(firstSpawn);
            long firstConnected = timelines.stream().mapToLong(ChildJvm.Timeline::connectedNanos).filter(t -> t > 0).min()
                    .orElse(firstUp);
            long lastConnected = timelines.stream().mapToLong(ChildJvm.Timeline::connectedNanos).max().orElse(firstConnected);
            line.append(" spawn_to_first_up=").append((firstUp - firstSpawn) / 1e6)
                    .append(" first_up_to_first_connected=").append((firstConnected - firstUp) / 1e6)
                    .append(" create_to_all_connected=").append((lastConnected - start) / 1e6)
                    .append(" map_done=").append((workDone - start) / 1e6)
                    .append(" close=").append((closed - workDone) / 1e6);
        }
        System.out.println(line);
    }

    private static List<ChildJvm.Timeline> timelines(Pool pool) throws Exception {
        var field = Pool.class.getDeclaredField("core");
        field.setAccessible(true);
        return ((PoolCore) field.get(pool)).workerTimelines();
    }

    /** Runs {@link #firstPool} in a new JVM and returns its figures (total first). */
    private static double[] firstInFreshJvm(String shape, int n) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                PoolLifecycleBench.class.getName(), "--first", shape + ":" + n);
        java.lang.Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("first-pool run failed: " + output);
        }
        List<Double> values = new ArrayList<>();
        Matcher matcher = LINE.matcher(output);
        while (matcher.find()) {
            values.add(Double.parseDouble(matcher.group(2)));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double startJoinFromSpare() throws Exception {
        ProcessEngine engine = ProcessEngine.get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (engine.readySpares() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        Process p = Process.of(() -> { });
        p.start();
        p.join();
        return (System.nanoTime() - start) / 1e6;
    }

    /** The resident memory of one idle spare JVM. */
    private static double spareRssMiB() throws Exception {
        ProcessEngine engine = ProcessEngine.get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (engine.readySpares() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(500);
        double total = 0;
        int count = 0;
        for (long pid : engine.sparePids()) {
            try {
                total += Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                        .findFirst().orElse(0) / 1024.0;
                count++;
            } catch (IOException gone) {
                // taken meanwhile
            }
        }
        return count == 0 ? 0 : total / count;
    }
}
