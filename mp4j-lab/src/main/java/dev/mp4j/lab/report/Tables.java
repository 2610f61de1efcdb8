package dev.mp4j.lab.report;

import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Figures;
import dev.mp4j.lab.LabReport;
import dev.mp4j.lab.Measurement;
import dev.mp4j.lab.Plausibility;
import dev.mp4j.lab.isolation.Failure;
import dev.mp4j.lab.isolation.IsolationExperiment;
import dev.mp4j.lab.isolation.IsolationProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's tables as cells, shared by the terminal, Markdown and HTML renderings, and the
 * legend that explains each column.
 */
public final class Tables {
    private Tables() {
    }

    /** A table: header cells, then rows of as many cells; {@code flagged} marks the rows with a flagged figure. */
    public record Table(List<String> header, List<List<String>> rows, List<Boolean> flagged) {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            flagged = List.copyOf(flagged);
        }
    }

    /** The "same time" table: mp4j's engines at the calibrated size. */
    public static Table sameTime(ExperimentResult result) {
        boolean throughput = result.throughput();
        List<ExperimentResult.Row> rows = result.rows();
        boolean notes = rows.stream().anyMatch(r -> r.flag() != null || r.measurement().remeasure() != Measurement.Remeasure.NONE);
        List<String> header = new ArrayList<>(List.of("configuration", "time (s): median (min-max)", "start-up + work + shutdown (s)"));
        if (throughput) {
            header.add("throughput (items/s of work)");
        } else {
            header.addAll(List.of("speedup", "work speedup", "efficiency"));
            if (result.cpuBound()) {
                header.add("Amdahl");
            }
        }
        if (notes) {
            header.add("note");
        }
        List<List<String>> body = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        for (ExperimentResult.Row row : rows) {
            Measurement m = row.measurement();
            String mark = row.flag() != null ? " !" : "";
            List<String> cells = new ArrayList<>(List.of(row.configuration().label(), Figures.medianAndRange(m),
                    Figures.phases(m)));
            if (throughput) {
                cells.add(Figures.rate(row.throughput()));
            } else {
                cells.addAll(List.of(Figures.ratio(row.speedup()) + mark,
                        m.hasStartup() ? Figures.ratio(row.workSpeedup()) + mark : Figures.NONE, Figures.percent(row.efficiency())));
                if (result.cpuBound()) {
                    cells.add(Figures.ratio(row.amdahl()));
                }
            }
            if (notes) {
                cells.add(note(row.flag(), m.remeasure()));
            }
            body.add(cells);
            flagged.add(row.flag() != null);
        }
        return new Table(header, body, flagged);
    }

    /** The "same work" table: mp4j beside CPython at the seed's size; null when CPython did not run. */
    public static Table sameWork(ExperimentResult result) {
        List<ExperimentResult.Comparison> comparisons = result.comparisons();
        if (comparisons.isEmpty()) {
            return null;
        }
        boolean throughput = result.throughput();
        boolean separate = !result.seedMp4j().isEmpty();
        boolean notes = comparisons.stream().anyMatch(c -> c.mp4jFlag() != null || c.pythonFlag() != null
                || c.python().remeasure() != Measurement.Remeasure.NONE
                || separate && c.mp4j() != null && c.mp4j().remeasure() != Measurement.Remeasure.NONE);
        List<String> header = new ArrayList<>(List.of("configuration", "mp4j (s)", "mp4j start-up + work + shutdown", "CPython (s)",
                "CPython start-up + work + shutdown"));
        header.addAll(throughput ? List.of("mp4j items/s", "CPython items/s") : List.of("mp4j speedup", "CPython speedup"));
        header.add("mp4j vs CPython");
        if (notes) {
            header.add("note");
        }
        List<List<String>> body = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        for (ExperimentResult.Comparison c : comparisons) {
            Measurement m = c.mp4j();
            List<String> cells = new ArrayList<>(List.of(c.configuration().label(),
                    m == null ? Figures.NONE : Figures.medianAndRange(m), m == null ? Figures.NONE : Figures.phases(m),
                    Figures.medianAndRange(c.python()), Figures.phases(c.python())));
            if (throughput) {
                cells.addAll(List.of(Figures.rate(c.mp4jThroughput()), Figures.rate(c.pythonThroughput())));
            } else {
                cells.addAll(List.of(Figures.ratio(c.mp4jSpeedup()) + (c.mp4jFlag() != null ? " !" : ""),
                        Figures.ratio(c.pythonSpeedup()) + (c.pythonFlag() != null ? " !" : "")));
            }
            cells.add(Figures.comparison(c.timesFaster()));
            if (notes) {
                List<String> parts = new ArrayList<>();
                Measurement.Remeasure mp4jRemeasure = separate && m != null ? m.remeasure() : Measurement.Remeasure.NONE;
                if (c.mp4jFlag() != null || mp4jRemeasure != Measurement.Remeasure.NONE) {
                    parts.add("mp4j: " + note(c.mp4jFlag(), mp4jRemeasure));
                }
                if (c.pythonFlag() != null || c.python().remeasure() != Measurement.Remeasure.NONE) {
                    parts.add("CPython: " + note(c.pythonFlag(), c.python().remeasure()));
                }
                cells.add(String.join("; ", parts));
            }
            body.add(cells);
            flagged.add(c.mp4jFlag() != null || c.pythonFlag() != null);
        }
        return new Table(header, body, flagged);
    }

    private static String note(String flag, Measurement.Remeasure remeasure) {
        if (flag != null) {
            return Plausibility.FLAG + " (" + flag + (remeasure == Measurement.Remeasure.REPLACED
                    ? ", after a second measurement)" : ")");
        }
        return remeasure.note();
    }

    /** The isolation table: one row per failure, one column per runtime. */
    public static Table isolation(IsolationExperiment.Result result) {
        boolean python = result.rows().stream().anyMatch(r -> r.cpython() != null);
        List<String> header = new ArrayList<>(List.of("failing task", "mp4j threads (ThreadPool, in a throwaway JVM)",
                "mp4j processes (Pool, in the lab's own JVM)"));
        if (python) {
            header.add("CPython processes (multiprocessing.Pool)");
        }
        List<List<String>> body = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        for (IsolationExperiment.Row row : result.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.failure().description(), row.threads().describe(),
                    row.processes().describe()));
            if (python) {
                cells.add(row.cpython() == null ? Figures.NONE : row.cpython().describe());
            }
            body.add(cells);
            flagged.add(false);
        }
        return new Table(header, body, flagged);
    }

    /** Column and term explanations, in reading order. */
    public static Map<String, String> legend(LabReport report) {
        int repeats = report.options().repeats();
        int warmups = report.options().warmups();
        Map<String, String> legend = new java.util.LinkedHashMap<>();
        legend.put("same time", "mp4j's engines at a size the lab chose by timing: serial takes about "
                + report.options().serialSeconds() + " s of CPU time (the calibration, with its factor over the seed's"
                + " size, is stated per experiment; CPU time, so that the size does not depend on the machine's load),"
                + " so every engine runs long enough to be measured and the speedups show how each engine scales.");
        legend.put("same work", "mp4j and CPython on the seed's own size: what each runtime takes for the same job."
                + " CPython runs each configuration " + report.options().pythonRepeats() + " times, interleaved with its"
                + " serial runs; mp4j's same-work runs have no warm-up (the same-time runs warmed its JIT).");
        legend.put("configuration", "serial: one loop in one thread. threads N: N threads (a ThreadPool, or the seed's"
                + " one thread per chunk). processes N: N child JVMs (a process Pool, or one Process per chunk); for"
                + " CPython, forked processes. virtual threads: one virtual thread per task. cluster N: N worker JVMs"
                + " reached through Redis.");
        legend.put("time (s)", "the median of " + repeats + " timed runs after " + warmups
                + " warm-up run(s), and in brackets the fastest and the slowest run.");
        legend.put("start-up + work + shutdown (s)", "the medians of the time until every thread, process or pool worker was up"
                + " (a JVM start per process for mp4j, a fork for CPython), of the work (the work starts only once all"
                + " are up, and ends when the last result is in) and of stopping and joining the workers (a JVM's exit,"
                + " a pool's close). '-' for runs that start no workers (serial, virtual threads).");
        legend.put("speedup", "serial's median over this median, on the same runtime and size.");
        legend.put("work speedup", "serial's median over the work median: the speedup between the workers being up and"
                + " the last result, what a pool that is already running reaches.");
        legend.put("efficiency", "speedup / workers: 100% means every worker was fully used.");
        legend.put("Amdahl", "the work speedup Amdahl's law predicts for this worker count, with the parallel fraction p"
                + " estimated (Karp-Flatt) from the work speedup of the engine's fewest-worker run and at most as many"
                + " workers as cores counted. Only for CPU-bound experiments: waiting (io) and queue hops (pipeline) are"
                + " not bounded by the cores. Held means the measured work speedup is within "
                + ExperimentResult.AMDAHL_TOLERANCE_PERCENT + "% of it.");
        legend.put("throughput", "items per second of work (start-up and shutdown left out), for the pipeline, where speedup over a"
                + " loop without queues means nothing.");
        legend.put("mp4j vs CPython", "CPython's median over mp4j's on the same work: '41.20x faster' means mp4j took"
                + " 1/41.2 of CPython's time.");
        legend.put("note / !", "'" + Plausibility.FLAG + "': on CPU-bound work a speedup above the core count (or,"
                + " with the GIL, a CPython threads speedup above " + Plausibility.GIL_THREAD_LIMIT + "x) is impossible;"
                + " the lab measured that configuration a second time, interleaved with more runs of its serial baseline,"
                + " and the figure stayed. Such figures carry '!' and a red cross in the charts. 're-measured once': the"
                + " first measurement was impossible, the second is shown; the baseline's median then covers all its"
                + " runs.");
        legend.put("load", "the 1-minute load average at the start and end of each experiment and the CPU time the"
                + " hypervisor took (steal): a load above the core count means other programs shared the cores.");
        legend.put("isolation", "each failing task runs among " + IsolationProbe.OTHERS + " ordinary tasks on a pool"
                + " of 2 workers, every task with a " + IsolationProbe.TIMEOUT.toSeconds() + " s timeout. isolated: only"
                + " the failing task failed and the pool took more work; everything lost: the runtime itself died;"
                + " hangs: the caller gets no answer without a timeout of its own; abandoned: the caller stopped"
                + " waiting but the code still runs.");
        return legend;
    }

    /** The failures' short names for the terminal. */
    static String shortName(Failure failure) {
        return switch (failure) {
            case EXIT -> "System.exit(3)";
            case HEAP -> "heap exhausted";
            case STUCK -> "stuck past timeout";
        };
    }
}
