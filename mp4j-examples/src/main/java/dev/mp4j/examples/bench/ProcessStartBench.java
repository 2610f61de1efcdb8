package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.internal.process.ProcessEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Process start+join of a trivial target on Engine.PROCESSES, cold (no spare JVM) and from a warm
 * spare, and the RSS of an idle child JVM. Twin: bench/python/process_start.py.
 */
public final class ProcessStartBench {
    private ProcessStartBench() {
    }

    public static void main(String[] args) throws Exception {
        ProcessEngine engine = ProcessEngine.get();
        startJoin(); // warm this JVM's side
        engine.spareCount(0);
        emit("start_join_cold", median(8, false), "ms", false);
        engine.spareCount(1);
        emit("start_join_warm_spare", median(15, true), "ms", false);
        Process idle = Process.of(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        idle.start();
        Thread.sleep(1500);
        long rssKb = Files.readAllLines(Path.of("/proc/" + idle.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
        idle.kill();
        idle.join();
        emit("idle_child_rss", rssKb / 1024.0, "MiB", false);
    }

    private static double median(int rounds, boolean waitForSpare) throws Exception {
        double[] samples = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (waitForSpare) {
                Thread.sleep(600); // let the replacement spare connect and warm up before timing
            }
            samples[i] = startJoin();
        }
        Arrays.sort(samples);
        return samples[rounds / 2];
    }

    private static double startJoin() throws InterruptedException {
        long start = System.nanoTime();
        Process p = Process.of(() -> { });
        p.start();
        p.join();
        return (System.nanoTime() - start) / 1e6;
    }

    static void emit(String name, double value, String unit, boolean higherIsBetter) {
        PoolBench.emit(name, value, unit, higherIsBetter);
    }
}
