package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 000, Final_example.py: factorize the 300 odd numbers from 9999999999999 serially, with 2, 4
 * and 8 threads and with 2, 4 and 8 processes, time each run and draw the seed's horizontal bar
 * chart (here in the terminal; {@code ./mp4j lab factorize} draws it as a PNG).
 *
 * <p>Each factorizer returns a map from number to its factors, as the seed's dicts do. The
 * threaded factorizer gives every thread a contiguous chunk and its own output map; the
 * multiprocessing one gives every process a chunk and collects one map per process from a
 * {@link Queue}. On the JVM the threads run in parallel (there is no GIL), so the threaded times
 * fall with the thread count, unlike the seed's.
 *
 * <p>The lab reuses {@link #factorizeNaive}, {@link #numbers}, the three factorizers and
 * {@link #checksum}: the experiment it times is this program's.
 */
public final class FinalExample {
    /** The first of the seed's numbers. */
    public static final long SEED_START = 9_999_999_999_999L;
    /** How many numbers the seed factorizes ({@code N = 299} plus the first). */
    public static final int SEED_COUNT = 300;
    /** The sum of all factors of the seed's 300 numbers: the check that a run computed the right thing. */
    public static final long SEED_CHECKSUM = 236_620_913_152_936L;

    private FinalExample() {
    }

    /** A naive factorization method: trial division, as the seed's {@code factorize_naive}. */
    public static List<Long> factorizeNaive(long n) {
        List<Long> factors = new ArrayList<>();
        if (n < 2) {
            return factors;
        }
        long p = 2;
        while (true) {
            if (n == 1) {
                return factors;
            }
            long r = n % p;
            if (r == 0) {
                factors.add(p);
                n = n / p;
            } else if (p * p >= n) {
                factors.add(n);
                return factors;
            } else if (p > 2) {
                p += 2; // advance in steps of 2 over odd numbers
            } else {
                p += 1; // if p == 2, get to 3
            }
        }
    }

    /** {@code count} consecutive odd numbers from {@code start}, as the seed's main builds them. */
    public static List<Long> numbers(long start, int count) {
        List<Long> nums = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nums.add(start + 2L * i);
        }
        return nums;
    }

    public static Map<Long, List<Long>> serialFactorizer(List<Long> nums) {
        Map<Long, List<Long>> out = new HashMap<>();
        for (long n : nums) {
            out.put(n, factorizeNaive(n));
        }
        return out;
    }

    /** The seed's {@code threaded_factorizer}: threads are {@link Engine#THREADS} processes. */
    public static Map<Long, List<Long>> threadedFactorizer(List<Long> nums, int nthreads) throws InterruptedException {
        return chunkedFactorizer(nums, nthreads, Engine.THREADS);
    }

    /** {@link #threadedFactorizer} on virtual threads. */
    public static Map<Long, List<Long>> virtualThreadFactorizer(List<Long> nums, int nthreads) throws InterruptedException {
        return chunkedFactorizer(nums, nthreads, Engine.VIRTUAL_THREADS);
    }

    private static Map<Long, List<Long>> chunkedFactorizer(List<Long> nums, int nthreads, Engine engine)
            throws InterruptedException {
        int chunksize = (int) Math.ceil(nums.size() / (double) nthreads);
        List<Map<Long, List<Long>>> outs = new ArrayList<>();
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < nthreads; i++) {
            List<Long> chunk = chunk(nums, chunksize, i);
            Map<Long, List<Long>> outdict = new HashMap<>();
            outs.add(outdict);
            Process t = Process.builder().engine(engine).target(() -> {
                for (long n : chunk) {
                    outdict.put(n, factorizeNaive(n));
                }
            }).build();
            threads.add(t);
            t.start();
        }
        for (Process t : threads) {
            t.join();
        }
        Map<Long, List<Long>> merged = new HashMap<>();
        outs.forEach(merged::putAll);
        return merged;
    }

    /** The seed's {@code mp_worker}: factorizes its chunk and puts one map on the queue. */
    static void mpWorker(List<Long> nums, Queue<HashMap<Long, List<Long>>> outQueue) throws InterruptedException {
        HashMap<Long, List<Long>> outdict = new HashMap<>();
        for (long n : nums) {
            outdict.put(n, factorizeNaive(n));
        }
        outQueue.put(outdict);
    }

    /** The seed's {@code mp_factorizer}: one child JVM per chunk, results through a {@link Queue}. */
    public static Map<Long, List<Long>> mpFactorizer(List<Long> nums, int nprocs) throws InterruptedException {
        try (Queue<HashMap<Long, List<Long>>> outQueue = Queue.create()) {
            int chunksize = (int) Math.ceil(nums.size() / (double) nprocs);
            List<Process> procs = new ArrayList<>();
            for (int i = 0; i < nprocs; i++) {
                List<Long> chunk = chunk(nums, chunksize, i);
                Process p = Process.of(() -> {
                    try {
                        mpWorker(chunk, outQueue);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                procs.add(p);
                p.start();
            }
            Map<Long, List<Long>> resultdict = new HashMap<>();
            for (int i = 0; i < nprocs; i++) {
                resultdict.putAll(outQueue.get());
            }
            for (Process p : procs) {
                p.join();
            }
            return resultdict;
        }
    }

    private static List<Long> chunk(List<Long> nums, int chunksize, int index) {
        int from = Math.min(nums.size(), chunksize * index);
        int to = Math.min(nums.size(), chunksize * (index + 1));
        return new ArrayList<>(nums.subList(from, to));
    }

    /** The sum of every factor of every number: equal maps give equal checksums. */
    public static long checksum(Map<Long, List<Long>> factors) {
        long sum = 0;
        for (List<Long> list : factors.values()) {
            for (long factor : list) {
                sum += factor;
            }
        }
        return sum;
    }

    private interface Factorizer {
        Map<Long, List<Long>> run() throws InterruptedException;
    }

    private static double timed(String name, Factorizer factorizer, long expectedChecksum) throws InterruptedException {
        long start = System.nanoTime();
        Map<Long, List<Long>> result = factorizer.run();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[%s] Elapsed: %.3f%n", name, elapsed);
        long checksum = checksum(result);
        if (checksum != expectedChecksum) {
            throw new IllegalStateException(name + " computed checksum " + checksum + ", expected " + expectedChecksum);
        }
        return elapsed;
    }

    /** The seed's {@code plot_results}: a horizontal bar chart, labels read top to bottom. */
    static void plotResults(List<String> labels, List<Double> elapsed) {
        double max = elapsed.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        System.out.println("Serial, threads, processes comparison (elapsed time, s)");
        for (int i = 0; i < labels.size(); i++) {
            int width = (int) Math.round(50 * elapsed.get(i) / max);
            System.out.printf(Locale.ROOT, "%-10s |%-50s %.3f%n", labels.get(i), "#".repeat(width), elapsed.get(i));
        }
    }

    static void benchmark(List<Long> nums, long expectedChecksum) throws InterruptedException {
        System.out.println("Running benchmark...");
        List<String> labels = new ArrayList<>(List.of("Serial"));
        List<Double> elapsedTimes = new ArrayList<>();
        elapsedTimes.add(timed("serial", () -> serialFactorizer(nums), expectedChecksum));
        for (int numparallel : new int[] {2, 4, 8}) {
            int parallel = numparallel;
            elapsedTimes.add(timed("threaded " + parallel, () -> threadedFactorizer(nums, parallel), expectedChecksum));
            labels.add("Thread " + parallel);
            elapsedTimes.add(timed("mp " + parallel, () -> mpFactorizer(nums, parallel), expectedChecksum));
            labels.add("Process " + parallel);
        }
        plotResults(labels, elapsedTimes);
    }

    /** Arguments: optional count (default 300) and start (default 9999999999999). */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : SEED_COUNT;
        long start = args.length > 1 ? Long.parseLong(args[1]) : SEED_START;
        List<Long> nums = numbers(start, count);
        long expected = count == SEED_COUNT && start == SEED_START ? SEED_CHECKSUM : checksum(serialFactorizer(nums));
        benchmark(nums, expected);
        System.out.println("checksum " + expected);
    }
}
