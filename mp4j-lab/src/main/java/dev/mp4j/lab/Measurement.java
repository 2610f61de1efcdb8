package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The timed runs of one configuration of one experiment on one runtime.
 *
 * @param configuration  what ran
 * @param runtime        {@code "mp4j"} (this JVM) or the CPython twin's version
 * @param seconds        the wall time of each timed run, in run order
 * @param startupSeconds  each run's start-up (until all its workers were up), NaN for a run that
 *                        starts no workers
 * @param shutdownSeconds each run's shutdown (after its last result, stopping and joining its
 *                        workers), NaN where not measured; the rest of the run is its work
 * @param result         the result the runs computed (the experiment checked it)
 * @param remeasure      whether and how a second measurement changed these runs
 */
public record Measurement(Configuration configuration, String runtime, List<Double> seconds, List<Double> startupSeconds,
                          List<Double> shutdownSeconds, String result, Remeasure remeasure) {
    /** What a second measurement (of implausible speedups) did to a measurement. */
    public enum Remeasure {
        NONE(""),
        /** The runs of a configuration whose speedup was implausible, replaced by new ones. */
        REPLACED("re-measured once: the first measurement was implausible"),
        /** The serial baseline of re-measured configurations: new runs added, the median taken over all. */
        EXTENDED("the baseline: measured again beside the re-measured configurations, median of all its runs");

        private final String note;

        Remeasure(String note) {
            this.note = note;
        }

        /** The table's note, empty for {@link #NONE}. */
        public String note() {
            return note;
        }
    }

    public Measurement {
        seconds = List.copyOf(seconds);
        startupSeconds = List.copyOf(startupSeconds);
        shutdownSeconds = List.copyOf(shutdownSeconds);
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one timed run");
        }
        java.util.Objects.requireNonNull(remeasure, "remeasure");
        if (startupSeconds.size() != seconds.size() || shutdownSeconds.size() != seconds.size()) {
            throw new IllegalArgumentException("one start-up and one shutdown per run: " + startupSeconds.size() + " and "
                    + shutdownSeconds.size() + " for " + seconds.size());
        }
    }

    /** Runs without a start-up part. */
    public static Measurement of(Configuration configuration, String runtime, List<Double> seconds, String result) {
        List<Double> none = seconds.stream().map(s -> Double.NaN).toList();
        return new Measurement(configuration, runtime, seconds, none, none, result, Remeasure.NONE);
    }

    /** These runs and {@code more} of the same configuration, as one measurement. */
    public Measurement extendedBy(Measurement more) {
        List<Double> allSeconds = new ArrayList<>(seconds);
        allSeconds.addAll(more.seconds());
        List<Double> allStartups = new ArrayList<>(startupSeconds);
        allStartups.addAll(more.startupSeconds());
        List<Double> allShutdowns = new ArrayList<>(shutdownSeconds);
        allShutdowns.addAll(more.shutdownSeconds());
        return new Measurement(configuration, runtime, allSeconds, allStartups, allShutdowns, more.result(), Remeasure.EXTENDED);
    }

    /** The median of the timed runs. */
    public double medianSeconds() {
        return median(seconds);
    }

    public double minSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double maxSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Whether the runs timed their start-up apart. */
    public boolean hasStartup() {
        return startupSeconds.stream().noneMatch(s -> Double.isNaN(s));
    }

    /** The median start-up, NaN when the runs start no workers. */
    public double medianStartupSeconds() {
        return hasStartup() ? median(startupSeconds) : Double.NaN;
    }

    /** Whether the runs timed their shutdown apart. */
    public boolean hasShutdown() {
        return shutdownSeconds.stream().noneMatch(s -> Double.isNaN(s));
    }

    /** The median shutdown, NaN when not measured. */
    public double medianShutdownSeconds() {
        return hasShutdown() ? median(shutdownSeconds) : Double.NaN;
    }

    /**
     * The median of each run's work: its time without the start-up and the shutdown (where measured);
     * the median time when neither was.
     */
    public double medianWorkSeconds() {
        if (!hasStartup() && !hasShutdown()) {
            return medianSeconds();
        }
        List<Double> work = new ArrayList<>();
        for (int i = 0; i < seconds.size(); i++) {
            double startup = hasStartup() ? startupSeconds.get(i) : 0;
            double shutdown = hasShutdown() ? shutdownSeconds.get(i) : 0;
            work.add(seconds.get(i) - startup - shutdown);
        }
        return median(work);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
