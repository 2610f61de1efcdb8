package dev.mp4j.examples.bench;

import dev.mp4j.subprocess.CommandPool;
import dev.mp4j.subprocess.CommandResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Overhead per external command: {@link CommandPool} running {@code true} 500 times with 4 jobs,
 * the median of 7 measured rounds after 2 warm-up rounds. Prints one JSON line
 * {@code {"name":..,"value":..,"unit":"commands/s"}}; its twin is {@code bench/python/command_pool.py}
 * ({@code multiprocessing.Pool(4)} + {@code subprocess.run}).
 *
 * <p>Arguments (optional): commands per round, jobs.
 */
public final class CommandPoolBench {
    private static final int WARMUP_ROUNDS = 2;
    private static final int MEASURED_ROUNDS = 7;

    private CommandPoolBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        CommandPool pool = CommandPool.builder().command("true").jobs(jobs).build();
        List<String> inputs = IntStream.range(0, commands).mapToObj(Integer::toString).toList();
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
            long start = System.nanoTime();
            List<CommandResult> results = pool.run(inputs);
            long elapsed = System.nanoTime() - start;
            if (!results.stream().allMatch(CommandResult::succeeded)) {
                throw new IllegalStateException("a `true` command failed: " + results.stream()
                        .filter(result -> !result.succeeded()).findFirst().orElseThrow().message());
            }
            if (round >= WARMUP_ROUNDS) {
                rates.add(commands / (elapsed / 1e9));
            }
        }
        Collections.sort(rates);
        double median = rates.get(rates.size() / 2);
        System.out.printf(Locale.ROOT, "{\"name\":\"command_pool_true_x%d_jobs%d\",\"value\":%.1f,\"unit\":\"commands/s\"}%n",
                commands, jobs, median);
    }
}
