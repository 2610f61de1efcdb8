package dev.mp4j.examples;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;

/**
 * Seed 003 (notebook), "What are Python threads good for?", In [3]: {@code factorial(10000)} a
 * hundred times on one thread, timed as {@code %%time} does (CPU time of the process and wall
 * time). Compare with {@link FactorialThreadPoolExecutor}.
 */
public final class FactorialSerial {
    private FactorialSerial() {
    }

    static BigInteger factorial(int n) {
        BigInteger res = BigInteger.ONE;
        for (int i = 1; i < n + 1; i++) {
            res = res.multiply(BigInteger.valueOf(i));
        }
        return res;
    }

    /** Prints the CPU and wall time since the given instants, as Jupyter's {@code %%time} does. */
    static void printTimes(long cpuStartNanos, long wallStartNanos) {
        double cpu = (processCpuNanos() - cpuStartNanos) / 1e9;
        double wall = (System.nanoTime() - wallStartNanos) / 1e9;
        System.out.printf("CPU times: total: %.2f s%nWall time: %.2f s%n", cpu, wall);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            factorial(10000);
        }
        printTimes(cpu, wall);
    }
}
