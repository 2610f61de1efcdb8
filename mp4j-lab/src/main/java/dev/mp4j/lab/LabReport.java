package dev.mp4j.lab;

import dev.mp4j.lab.isolation.IsolationExperiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one lab run measured, ready to print and to write as a report.
 *
 * @param machine   what it ran on
 * @param command   the command line that started it
 * @param started   when it started
 * @param duration  how long it took
 * @param options   the options it ran with
 * @param results   one result per timed experiment, in run order
 * @param isolation the crash-isolation table, or null when it did not run
 * @param load      the machine's load over the whole run
 * @param durations how long each experiment took, by name (the isolation table's as "isolation"), in run order
 * @param notes     messages for the reader (e.g. why the CPython twins did not run)
 */
public record LabReport(Machine machine, String command, Instant started, Duration duration, LabOptions options,
                        List<ExperimentResult> results, IsolationExperiment.Result isolation, MachineLoad load,
                        Map<String, Duration> durations, List<String> notes) {
    public LabReport {
        results = List.copyOf(results);
        durations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(durations));
        notes = List.copyOf(notes);
    }

    /** The report's opening conclusions: one per experiment, then the isolation table's. */
    public List<String> headlines() {
        List<String> headlines = new java.util.ArrayList<>(results.stream().map(Conclusions::headline).toList());
        if (isolation != null) {
            headlines.add("isolation: " + isolation.conclusion());
        }
        return headlines;
    }
}
