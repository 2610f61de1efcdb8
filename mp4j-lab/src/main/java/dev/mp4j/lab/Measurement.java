package dev.mp4j.lab;

import java.util.List;

/**
 * The timed runs of one configuration of one experiment on one runtime.
 *
 * @param configuration what ran
 * @param runtime       {@code "mp4j"} (this JVM) or {@code "CPython"} (the Python twin)
 * @param seconds       the wall time of each timed run, in run order
 * @param result        the result the runs computed (the experiment checked it)
 */
public record Measurement(Configuration configuration, String runtime, List<Double> seconds, String result) {
    public Measurement {
        seconds = List.copyOf(seconds);
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one timed run");
        }
    }

    /** The median of the timed runs. */
    public double medianSeconds() {
        List<Double> sorted = seconds.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
