package dev.mp4j.lab;

import java.time.Instant;
import java.util.List;

/**
 * Everything one lab run measured, ready to print and to write as a report.
 *
 * @param machine  what it ran on
 * @param command  the command line that started it
 * @param started  when it started
 * @param options  the options it ran with
 * @param results  one result per experiment, in run order
 * @param notes    messages for the reader (e.g. why the CPython twins did not run)
 */
public record LabReport(Machine machine, String command, Instant started, LabOptions options,
                        List<ExperimentResult> results, List<String> notes) {
    public LabReport {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }
}
