package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 002, integrate/integrate.py and threading/integrate_main.py: numerically integrate
 * {@code f(x) = x^2} from a to b with N left rectangles, the interval split into one chunk per
 * thread, each thread putting its partial sum on a queue.
 *
 * <p>Usage as the seed's: {@code IntegrateMain [a] [b] [N] [thread_count]}, defaults 0, 10, 10^7, 2.
 * One deliberate fix: the seed starts chunk i at {@code dx * i}, which is only right for a = 0; the
 * port starts it at {@code a + dx * i}.
 *
 * <p>The lab reuses {@link #f} and {@link #integrate}.
 */
public final class IntegrateMain {
    private IntegrateMain() {
    }

    public static double f(double x) {
        return x * x;
    }

    /** The seed's sequential {@code integrate(f, a, b, N)} for {@link #f}. */
    public static double integrate(double a, double b, long n) {
        double s = 0;
        double dx = (b - a) / n;
        for (long i = 0; i < n; i++) {
            s += f(a + i * dx);
        }
        return s * dx;
    }

    /** The seed's {@code threading_integrate}: thread_count threads, partial sums through a queue. */
    static double threadingIntegrate(double a, double b, long n, int threadCount) throws InterruptedException {
        long chunkSteps = (long) ((double) n / threadCount);
        double dx = (b - a) / threadCount;
        try (Queue<Double> results = Queue.create()) {
            List<Process> threads = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) {
                double x0 = a + dx * i;
                double x1 = x0 + dx;
                Process thread = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1)).target(() -> {
                    try {
                        results.put(integrate(x0, x1, chunkSteps));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
                threads.add(thread);
                thread.start();
                System.out.println("Thread " + thread.name() + " started");
            }
            double sum = 0;
            for (int i = 0; i < threadCount; i++) {
                sum += results.get();
            }
            for (Process thread : threads) {
                thread.join();
            }
            return sum;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        double a = args.length > 0 ? Double.parseDouble(args[0]) : 0.0;
        double b = args.length > 1 ? Double.parseDouble(args[1]) : 10.0;
        long n = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        int threadCount = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        if (n <= 0 || threadCount <= 0) {
            throw new IllegalArgumentException("N and thread_count must be positive, got N=" + n
                    + " thread_count=" + threadCount);
        }
        long start = System.nanoTime();
        double x = threadingIntegrate(a, b, n, threadCount);
        System.out.printf(Locale.ROOT, "threading_integrate took %.3f s%n", (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "Numerical solution with N=%d : %f%n", n, x);
    }
}
