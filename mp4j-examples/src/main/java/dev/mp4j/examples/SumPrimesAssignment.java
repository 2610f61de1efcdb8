package dev.mp4j.examples;

import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000, the assignment: for each number n of a list, the sum of all primes smaller than n,
 * printed as pairs {@code [n, sum_primes(n)]} sorted by n; computed for
 * {@code range(100000, 2500000, 100000)} serially, with a process {@link Pool} and with a
 * {@link ThreadPool}, and timed. The seed's example output for {@code range(10, 100, 10)} is printed
 * first, so a reader can check it: {@code [[10, 17], [20, 77], ..., [90, 963]]}.
 *
 * <p>The lab reuses {@link #sumPrimes}, {@link #isPrime} and {@link #assignmentInputs}.
 */
public final class SumPrimesAssignment {
    private SumPrimesAssignment() {
    }

    /** Trial division by 2 and the odd numbers up to the square root. */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (n % 2 == 0) {
            return false;
        }
        long max = (long) Math.sqrt((double) n);
        for (long i = 3; i <= max; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    /** The sum of all primes smaller than {@code n}. */
    public static long sumPrimes(long n) {
        long sum = 0;
        for (long x = 2; x < n; x++) {
            if (isPrime(x)) {
                sum += x;
            }
        }
        return sum;
    }

    /** {@code range(from, to, step)} as Python builds it. */
    public static List<Long> range(long from, long to, long step) {
        List<Long> values = new ArrayList<>();
        for (long n = from; n < to; n += step) {
            values.add(n);
        }
        return values;
    }

    /** The assignment's inputs: {@code range(100000, 2500000, 100000)}. */
    public static List<Long> assignmentInputs() {
        return range(100_000, 2_500_000, 100_000);
    }

    /** The pairs {@code [n, sum_primes(n)]} in the seed's notation. */
    public static String pairs(List<Long> inputs, List<Long> sums) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < inputs.size(); i++) {
            text.append(i == 0 ? "" : ", ").append('[').append(inputs.get(i)).append(", ").append(sums.get(i)).append(']');
        }
        return text.append(']').toString();
    }

    public static void main(String[] args) throws InterruptedException {
        List<Long> example = range(10, 100, 10);
        System.out.println(pairs(example, example.stream().map(SumPrimesAssignment::sumPrimes).toList()));

        List<Long> inputs = args.length > 0 ? range(100_000, Long.parseLong(args[0]), 100_000) : assignmentInputs();
        long start = System.nanoTime();
        List<Long> serial = inputs.stream().map(SumPrimesAssignment::sumPrimes).toList();
        System.out.printf(Locale.ROOT, "serial: %.3f s%n", (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        List<Long> processes;
        try (Pool pool = Pool.create()) {
            processes = pool.map(SumPrimesAssignment::sumPrimes, inputs);
        }
        System.out.printf(Locale.ROOT, "processes: %.3f s%n", (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        List<Long> threads;
        try (Pool pool = ThreadPool.create(Runtime.getRuntime().availableProcessors())) {
            threads = pool.map(SumPrimesAssignment::sumPrimes, inputs);
        }
        System.out.printf(Locale.ROOT, "threads: %.3f s%n", (System.nanoTime() - start) / 1e9);

        if (!serial.equals(processes) || !serial.equals(threads)) {
            throw new IllegalStateException("the parallel results differ from the serial ones");
        }
        System.out.println(pairs(inputs, serial));
    }
}
