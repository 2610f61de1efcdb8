package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mp4j.lab.Figures.rate;
import static dev.mp4j.lab.Figures.ratio;
import static dev.mp4j.lab.Figures.seconds;

/**
 * What an experiment's measurements say, in a few sentences built from them: the best engine, the
 * GIL's effect, what starting processes costs and the size at which they pay off, whether Amdahl's
 * prediction held, mp4j against CPython on the same work, and which figures are not reliable.
 * Every number a sentence cites is a figure of the report (and of {@code results.json}), formatted
 * by {@link Figures} exactly as the tables print it.
 */
public final class Conclusions {
    private Conclusions() {
    }

    /** One sentence for the top of the report. */
    public static String headline(ExperimentResult result) {
        List<String> all = of(result);
        return all.isEmpty() ? result.name() + ": no serial run to compare with." : result.name() + ": " + all.getFirst();
    }

    /** The experiment's conclusions, one topic per sentence (or two). */
    public static List<String> of(ExperimentResult result) {
        List<String> sentences = new ArrayList<>();
        if (Double.isNaN(result.serialSeconds())) {
            return sentences;
        }
        if (result.throughput()) {
            pipeline(result, result.rows(), sentences);
        } else if (!result.cpuBound()) {
            latencyBound(result, result.rows(), sentences);
        } else {
            cpuBound(result, sentences);
        }
        sameWork(result, sentences);
        flags(result, sentences);
        return sentences;
    }

    private static void cpuBound(ExperimentResult result, List<String> sentences) {
        List<ExperimentResult.Row> rows = result.rows();
        ExperimentResult.Row best = fastest(rows);
        sentences.add("With serial mp4j at " + seconds(result.serialSeconds()) + " s, the fastest engine is "
                + best.configuration().label() + ": " + seconds(best.measurement().medianSeconds()) + " s, "
                + ratio(best.speedup()) + " on " + result.cores() + " cores" + (best.flag() != null ? " (not reliable)." : "."));
        gil(result, rows, sentences);
        startup(result, rows, sentences);
        amdahl(result, rows, sentences);
    }

    private static void gil(ExperimentResult result, List<ExperimentResult.Row> rows, List<String> sentences) {
        Optional<ExperimentResult.Comparison> threads = result.comparisons().stream()
                .filter(c -> c.configuration().kind() == Configuration.Kind.THREADS).findFirst();
        if (threads.isEmpty()) {
            return;
        }
        Configuration c = threads.get().configuration();
        Optional<ExperimentResult.Comparison> processes = result.comparisons().stream()
                .filter(p -> p.configuration().kind() == Configuration.Kind.PROCESSES && p.configuration().workers() == c.workers())
                .findFirst();
        Optional<ExperimentResult.Row> javaThreads = rows.stream().filter(r -> r.configuration().equals(c)).findFirst();
        StringBuilder text = new StringBuilder("CPython's " + c.label() + " reach " + ratio(threads.get().pythonSpeedup())
                + " over CPython serial");
        text.append(result.pythonGil() ? " (the GIL lets one thread run Python code at a time)"
                : " (this CPython runs without the GIL)");
        processes.ifPresent(p -> text.append(", its ").append(p.configuration().label()).append(" ")
                .append(ratio(p.pythonSpeedup())));
        javaThreads.ifPresent(j -> text.append("; mp4j's ").append(c.label()).append(" reach ").append(ratio(j.speedup()))
                .append(" (the JVM has no GIL)"));
        sentences.add(text.append('.').toString());
    }

    private static void startup(ExperimentResult result, List<ExperimentResult.Row> rows, List<String> sentences) {
        List<ExperimentResult.Row> processes = rows.stream()
                .filter(r -> r.configuration().kind() == Configuration.Kind.PROCESSES && r.measurement().hasStartup())
                .sorted(Comparator.comparingInt(r -> r.configuration().workers())).toList();
        if (processes.isEmpty()) {
            return;
        }
        ExperimentResult.Row first = processes.getFirst();
        Measurement m = first.measurement();
        StringBuilder text = new StringBuilder("mp4j " + first.configuration().label() + " spend "
                + seconds(m.medianStartupSeconds()) + " s starting " + first.configuration().workers() + " JVMs, "
                + seconds(m.medianWorkSeconds()) + " s working (" + ratio(first.workSpeedup()) + " over serial)"
                + (m.hasShutdown() ? " and " + seconds(m.medianShutdownSeconds()) + " s stopping them" : ""));
        if (!Double.isNaN(first.breakEvenSeconds())) {
            text.append("; with that start-up and shutdown they beat serial once the serial work exceeds about ")
                    .append(seconds(first.breakEvenSeconds())).append(" s");
        } else {
            text.append("; their work does not beat serial at this size, so they do not pay off here");
        }
        if (processes.size() > 1) {
            ExperimentResult.Row last = processes.getLast();
            text.append(". With ").append(last.configuration().workers()).append(" JVMs on ").append(result.cores())
                    .append(" cores the start-up grows to ").append(seconds(last.measurement().medianStartupSeconds()))
                    .append(" s");
        }
        sentences.add(text.append('.').toString());
    }

    private static void amdahl(ExperimentResult result, List<ExperimentResult.Row> rows, List<String> sentences) {
        Map<Configuration.Kind, Double> fractions = result.parallelFractions();
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES)) {
            Double p = fractions.get(kind);
            if (p == null) {
                continue;
            }
            List<ExperimentResult.Row> ofKind = rows.stream().filter(r -> r.configuration().kind() == kind)
                    .sorted(Comparator.comparingInt(r -> r.configuration().workers())).toList();
            ExperimentResult.Row from = ofKind.stream()
                    .filter(r -> Math.min(r.configuration().workers(), result.cores()) >= 2).findFirst().orElseThrow();
            ExperimentResult.Row last = ofKind.getLast();
            if (last == from) {
                sentences.add(String.format(java.util.Locale.ROOT, "Amdahl: the parallel fraction p = %.2f from %s's work"
                        + " speedup; no other %s run to test its prediction on.", p, from.configuration().label(), kind.label()));
                return;
            }
            if (p < 0.05) {
                sentences.add(String.format(java.util.Locale.ROOT, "Amdahl's law has little to say here: %s's work"
                                + " speedup (%s) gives a parallel fraction p = %.2f, so it predicts no speedup at any worker"
                                + " count; %s measured %s.", from.configuration().label(), ratio(from.workSpeedup()), p,
                        last.configuration().label(), ratio(last.workSpeedup())));
                return;
            }
            double off = Math.abs(last.workSpeedup() - last.amdahl()) / last.amdahl();
            boolean held = off * 100 <= ExperimentResult.AMDAHL_TOLERANCE_PERCENT;
            sentences.add(String.format(java.util.Locale.ROOT, "Amdahl's law with p = %.2f (from %s's work speedup) predicted"
                            + " %s for %s on %d cores; measured %s: %s.", p, from.configuration().label(),
                    ratio(last.amdahl()), last.configuration().label(), result.cores(), ratio(last.workSpeedup()),
                    held ? "it held (within " + ExperimentResult.AMDAHL_TOLERANCE_PERCENT + "%)"
                            : last.workSpeedup() < last.amdahl()
                            ? "it did not hold, more workers than cores cost more than the law counts"
                            : "it did not hold, the run beat the prediction"));
            return;
        }
    }

    private static void latencyBound(ExperimentResult result, List<ExperimentResult.Row> rows, List<String> sentences) {
        Optional<ExperimentResult.Row> threads = rows.stream().filter(r -> r.configuration().kind() == Configuration.Kind.THREADS)
                .max(Comparator.comparingInt(r -> r.configuration().workers()));
        Optional<ExperimentResult.Row> virtual = rows.stream()
                .filter(r -> r.configuration().kind() == Configuration.Kind.VIRTUAL_THREADS).findFirst();
        StringBuilder text = new StringBuilder("Latency-bound: serial mp4j waits " + seconds(result.serialSeconds()) + " s");
        threads.ifPresent(t -> text.append("; ").append(t.configuration().label()).append(" take ")
                .append(seconds(t.measurement().medianSeconds())).append(" s (").append(ratio(t.speedup()))
                .append(", past the ").append(result.cores()).append(" cores: the waits overlap)"));
        virtual.ifPresent(v -> text.append(" and virtual threads, every request at once, ")
                .append(seconds(v.measurement().medianSeconds())).append(" s"));
        sentences.add(text.append('.').toString());
        rows.stream().filter(r -> r.configuration().kind() == Configuration.Kind.PROCESSES && r.measurement().hasStartup())
                .max(Comparator.comparingInt(r -> r.configuration().workers()))
                .ifPresent(p -> sentences.add("mp4j " + p.configuration().label() + " spend "
                        + seconds(p.measurement().medianStartupSeconds()) + " s starting JVMs and "
                        + seconds(p.measurement().medianWorkSeconds()) + " s on the requests: for waiting,"
                        + " threads do the same without starting anything."));
        result.comparisons().stream().filter(c -> c.configuration().kind() == Configuration.Kind.THREADS)
                .max(Comparator.comparingInt(c -> c.configuration().workers()))
                .ifPresent(c -> sentences.add("CPython's " + c.configuration().label() + " reach "
                        + ratio(c.pythonSpeedup()) + " too: a thread waiting on I/O releases the GIL."));
        sentences.add("Amdahl's law on cores does not apply: the server's latency, not the CPU, bounds this work.");
    }

    private static void pipeline(ExperimentResult result, List<ExperimentResult.Row> rows, List<String> sentences) {
        StringBuilder text = new StringBuilder("Queues set the pace:");
        String separator = " ";
        for (ExperimentResult.Row row : rows) {
            if (row.configuration().kind() == Configuration.Kind.SERIAL) {
                continue;
            }
            text.append(separator).append("mp4j ").append(row.configuration().label()).append(" move ")
                    .append(rate(row.throughput()));
            if (row.measurement().hasStartup() && row.configuration().kind() == Configuration.Kind.PROCESSES) {
                text.append(" (after ").append(seconds(row.measurement().medianStartupSeconds())).append(" s of start-up)");
            }
            separator = ", ";
        }
        rows.stream().filter(r -> r.configuration().kind() == Configuration.Kind.SERIAL).findFirst()
                .ifPresent(s -> text.append("; the serial loop, with no queues, ").append(rate(s.throughput())));
        sentences.add(text.append('.').toString());
        List<ExperimentResult.Comparison> comparisons = result.comparisons().stream()
                .filter(c -> c.configuration().kind() != Configuration.Kind.SERIAL).toList();
        if (!comparisons.isEmpty()) {
            StringBuilder py = new StringBuilder("On the seed's size CPython moves");
            String sep = " ";
            for (ExperimentResult.Comparison c : comparisons) {
                py.append(sep).append(rate(c.pythonThroughput())).append(" on ").append(c.configuration().label())
                        .append(" (mp4j ").append(rate(c.mp4jThroughput())).append(")");
                sep = ", ";
            }
            sentences.add(py.append('.').toString());
        }
        sentences.add("No speedup and no Amdahl here: each item passes the stages one after another, and what differs"
                + " between engines is what a queue hop costs.");
    }

    private static void sameWork(ExperimentResult result, List<String> sentences) {
        if (result.throughput()) {
            return;
        }
        result.comparisons().stream().filter(c -> c.configuration().kind() == Configuration.Kind.SERIAL && c.mp4j() != null)
                .findFirst().ifPresent(serial -> {
                    StringBuilder text = new StringBuilder("Same work (the seed's size): mp4j serial takes "
                            + seconds(serial.mp4j().medianSeconds()) + " s, CPython serial "
                            + seconds(serial.python().medianSeconds()) + " s (mp4j " + Figures.comparison(serial.timesFaster()) + ")");
                    result.comparisons().stream().filter(c -> c.configuration().kind() == Configuration.Kind.PROCESSES
                                    && c.mp4j() != null).min(Comparator.comparingInt(c -> c.configuration().workers()))
                            .ifPresent(p -> text.append("; on ").append(p.configuration().label()).append(" mp4j takes ")
                                    .append(seconds(p.mp4j().medianSeconds())).append(" s and CPython ")
                                    .append(seconds(p.python().medianSeconds())).append(" s (mp4j ")
                                    .append(Figures.comparison(p.timesFaster())).append(")"));
                    sentences.add(text.append('.').toString());
                });
    }

    private static void flags(ExperimentResult result, List<String> sentences) {
        List<String> flagged = new ArrayList<>();
        for (ExperimentResult.Row row : result.rows()) {
            if (row.flag() != null) {
                flagged.add("mp4j " + row.configuration().label() + " (" + row.flag() + ")");
            }
        }
        for (ExperimentResult.Comparison c : result.comparisons()) {
            if (c.mp4jFlag() != null && !result.seedMp4j().isEmpty()) {
                flagged.add("mp4j " + c.configuration().label() + " on the seed's size (" + c.mp4jFlag() + ")");
            }
            if (c.pythonFlag() != null) {
                flagged.add("CPython " + c.configuration().label() + " (" + c.pythonFlag() + ")");
            }
        }
        if (!flagged.isEmpty()) {
            sentences.add("Flagged " + Plausibility.FLAG + ", even after a second measurement: " + String.join("; ", flagged) + ".");
        }
    }

    private static ExperimentResult.Row fastest(List<ExperimentResult.Row> rows) {
        return rows.stream().min(Comparator.comparingDouble(r -> r.measurement().medianSeconds())).orElseThrow();
    }
}
