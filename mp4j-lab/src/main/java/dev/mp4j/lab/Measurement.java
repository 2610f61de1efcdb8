package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The timed runs of one configuration of one experiment on one runtime.
 *
 * @param configuration  what ran
 * @param runtime        {@code "mp4j"} (this JVM) or the CPython twin's version
 * @param seconds        the wall time of each timed run, in run order
 * @param startupSeconds each run's start-up (until all its workers were up), NaN for a run that
 *                       starts no workers; the rest of the run is its work
 * @param result         the result the runs computed (the experiment checked it)
 * @param remeasured     whether these runs replace a first measurement whose speedup was implausible
 */
public record Measurement(Configuration configuration, String runtime, List<Double> seconds, List<Double> startupSeconds,
                          String result, boolean remeasured) {
    public Measurement {
        seconds = List.copyOf(seconds);
        startupSeconds = List.copyOf(startupSeconds);
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one timed run");
        }
        if (startupSeconds.size() != seconds.size()) {
            throw new IllegalArgumentException("one start-up per run: " + startupSeconds.size() + " for " + seconds.size());
        }
    }

    /** Runs without a start-up part. */
    public static Measurement of(Configuration configuration, String runtime, List<Double> seconds, String result) {
        return new Measurement(configuration, runtime, seconds, seconds.stream().map(s -> Double.NaN).toList(), result, false);
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

    /** The median of each run's work (its time after start-up); the median time when there is no start-up. */
    public double medianWorkSeconds() {
        if (!hasStartup()) {
            return medianSeconds();
        }
        List<Double> work = new ArrayList<>();
        for (int i = 0; i < seconds.size(); i++) {
            work.add(seconds.get(i) - startupSeconds.get(i));
        }
        return median(work);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
