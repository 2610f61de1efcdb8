package dev.mp4j.lab;

/**
 * Amdahl's law: with a parallel fraction {@code p} of the serial work and {@code n} workers on a
 * machine with {@code cores} cores, the speedup is {@code 1 / ((1 - p) + p / min(n, cores))}.
 *
 * <p>The lab does not know {@code p} in advance: it estimates it from one measured speedup with
 * the Karp–Flatt metric (the experimentally determined serial fraction) and predicts the others.
 */
public final class Amdahl {
    private Amdahl() {
    }

    /** The predicted speedup. */
    public static double speedup(double parallelFraction, int workers, int cores) {
        int effective = Math.max(1, Math.min(workers, cores));
        return 1 / ((1 - parallelFraction) + parallelFraction / effective);
    }

    /**
     * The parallel fraction that explains {@code measuredSpeedup} on {@code workers} workers, in [0, 1]
     * (Karp–Flatt: serial fraction {@code e = (1/S - 1/n) / (1 - 1/n)} with n the effective parallelism).
     */
    public static double parallelFraction(double measuredSpeedup, int workers, int cores) {
        int effective = Math.max(1, Math.min(workers, cores));
        if (effective == 1 || measuredSpeedup <= 0) {
            return 0;
        }
        double serialFraction = (1 / measuredSpeedup - 1.0 / effective) / (1 - 1.0 / effective);
        return Math.clamp(1 - serialFraction, 0.0, 1.0);
    }
}
