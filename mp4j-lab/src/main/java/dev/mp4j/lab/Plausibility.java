package dev.mp4j.lab;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule that flags a speedup the machine cannot have produced: on CPU-bound work, a speedup
 * above the core count (n cores do at most n times the work of one), and a CPython thread speedup
 * above {@value #GIL_THREAD_LIMIT}x while the GIL is on (one thread runs Python code at a time).
 * Such a figure means the baseline or the run was measured while something else used the machine;
 * the lab measures that configuration once more and, if the figure stays, flags it as
 * {@value #FLAG} wherever it appears (table, chart, HTML).
 *
 * <p>Speedups are compared as the tables print them (two decimals), so a flagged 2.00x cannot appear.
 * I/O-bound and pipeline experiments are exempt: their waiting overlaps, so any speedup is possible.
 */
public final class Plausibility {
    /** What a flagged figure is labelled with. */
    public static final String FLAG = "measured under load: not reliable";
    /** The highest believable speedup of CPython threads on CPU-bound work with the GIL on. */
    public static final double GIL_THREAD_LIMIT = 1.3;

    private Plausibility() {
    }

    /**
     * Why {@code speedup} of {@code configuration} cannot be right, or empty when it can.
     *
     * @param cpuBound whether the experiment is CPU-bound (otherwise nothing is flagged)
     * @param cpython  whether the figure is CPython's
     * @param gil      whether that CPython runs with the GIL (ignored for mp4j)
     */
    public static Optional<String> check(boolean cpuBound, boolean cpython, boolean gil, Configuration configuration,
                                         double speedup, int cores) {
        if (!cpuBound || configuration.kind() == Configuration.Kind.SERIAL || Double.isNaN(speedup)) {
            return Optional.empty();
        }
        double shown = Math.round(speedup * 100) / 100.0;
        if (shown > cores) {
            return Optional.of(String.format(Locale.ROOT, "%.2fx is above the %d cores", shown, cores));
        }
        if (cpython && gil && configuration.kind() == Configuration.Kind.THREADS && shown > GIL_THREAD_LIMIT) {
            return Optional.of(String.format(Locale.ROOT, "%.2fx is above the %.1fx CPython threads can reach with the GIL",
                    shown, GIL_THREAD_LIMIT));
        }
        return Optional.empty();
    }
}
