package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs timed steps in rounds: first every entry's warm-ups, then round after round one timed run of
 * each entry that still has runs to do. Interleaving spreads a passing load over all configurations
 * (and over CPython's serial baseline) instead of letting it land on one.
 *
 * <p>Not thread-safe; one lab thread uses it.
 */
final class Rounds {
    private Rounds() {
    }

    /** One timed run: its wall time, its start-up and shutdown (NaN when not measured) and its checked result. */
    record Sample(double seconds, double startupSeconds, double shutdownSeconds, String result) {
    }

    /** Runs once and checks the result; throws when it is wrong. */
    @FunctionalInterface
    interface Step {
        Sample run() throws Exception;
    }

    /**
     * Something to measure.
     *
     * @param key     the progress key: runtime, configuration and size
     * @param label   what the progress line shows while it runs
     */
    record Entry(String key, String label, String runtime, Configuration configuration, int warmups, int repeats, Step step) {
    }

    /** Runs the entries; the samples of each, in entry order. */
    static Map<Entry, List<Sample>> run(List<Entry> entries, Progress progress) throws Exception {
        Map<Entry, List<Sample>> samples = new LinkedHashMap<>();
        entries.forEach(e -> samples.put(e, new ArrayList<>()));
        int warmups = entries.stream().mapToInt(Entry::warmups).max().orElse(0);
        for (int round = 0; round < warmups; round++) {
            for (Entry entry : entries) {
                if (round < entry.warmups()) {
                    progress.running(entry.label() + " (warm-up)");
                    Sample sample = entry.step().run();
                    progress.done(entry.key(), sample.seconds());
                }
            }
        }
        int rounds = entries.stream().mapToInt(Entry::repeats).max().orElse(0);
        for (int round = 0; round < rounds; round++) {
            for (Entry entry : entries) {
                if (round < entry.repeats()) {
                    progress.running(entry.label() + " (run " + (round + 1) + " of " + entry.repeats() + ")");
                    Sample sample = entry.step().run();
                    samples.get(entry).add(sample);
                    progress.done(entry.key(), sample.seconds());
                }
            }
        }
        return samples;
    }

    /** The planned steps of the entries, for the progress line. */
    static List<Progress.Step> plan(List<Entry> entries, java.util.function.ToDoubleFunction<Entry> estimate) {
        List<Progress.Step> steps = new ArrayList<>();
        for (Entry entry : entries) {
            for (int i = 0; i < entry.warmups() + entry.repeats(); i++) {
                steps.add(new Progress.Step(entry.key(), entry.runtime(), estimate.applyAsDouble(entry)));
            }
        }
        return steps;
    }

    static Measurement measurement(Entry entry, List<Sample> samples, Measurement.Remeasure remeasure) {
        return new Measurement(entry.configuration(), entry.runtime(), samples.stream().map(Sample::seconds).toList(),
                samples.stream().map(Sample::startupSeconds).toList(), samples.stream().map(Sample::shutdownSeconds).toList(),
                samples.getLast().result(), remeasure);
    }
}
