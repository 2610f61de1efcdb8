package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The measurements of one experiment and what follows from them.
 *
 * <p>Two views: "same time", mp4j's engines at the size the calibration chose (serial takes about
 * the target time, so every engine runs long enough to be measured), with speedup, efficiency and
 * Amdahl's prediction against mp4j serial; and "same work", mp4j and CPython at the seed's size,
 * side by side. Process rows carry their start-up and their work apart.
 *
 * @param name          the experiment's command-line name
 * @param title         its title at the scaled size
 * @param description   what was measured and how
 * @param cpuBound      whether speedup is bounded by the cores (Amdahl and the flagging rule apply)
 * @param cores         the machine's cores
 * @param calibration   how the scaled size was chosen
 * @param scaledItems   items through the experiment at the scaled size (0: no throughput)
 * @param seedItems     items at the seed's size
 * @param scaled        mp4j's measurements at the scaled size, in report order
 * @param seedMp4j      mp4j's measurements at the seed's size for CPython's configurations (empty
 *                      when CPython did not run, or when the scaled size is the seed's: then
 *                      {@code scaled} serves both views)
 * @param python        the CPython twin's measurements at the seed's size (empty when it did not run)
 * @param pythonGil     whether that CPython ran with the GIL (true when unknown or not run)
 * @param load          the machine's load around the experiment
 */
public record ExperimentResult(String name, String title, String description, boolean cpuBound, int cores,
                               Calibration calibration, long scaledItems, long seedItems, List<Measurement> scaled,
                               List<Measurement> seedMp4j, List<Measurement> python, boolean pythonGil, MachineLoad load) {
    /** How far a measured speedup may be from Amdahl's prediction for the prediction to count as held, percent. */
    public static final int AMDAHL_TOLERANCE_PERCENT = 10;

    public ExperimentResult {
        scaled = List.copyOf(scaled);
        seedMp4j = List.copyOf(seedMp4j);
        python = List.copyOf(python);
    }

    /** Whether the experiment is read as a throughput (items per second of work) rather than a speedup. */
    public boolean throughput() {
        return scaledItems > 0 && !cpuBound;
    }

    /**
     * One line of the "same time" table.
     *
     * @param measurement      the runs
     * @param speedup          serial median / this median (NaN without a serial run)
     * @param workSpeedup      serial median / this work median (the start-up left out)
     * @param efficiency       speedup / workers (NaN for virtual threads)
     * @param amdahl           Amdahl's predicted work speedup (NaN when it does not apply)
     * @param throughput       items per second of work (NaN when the experiment has none)
     * @param breakEvenSeconds for a row with a start-up on CPU-bound work: the serial time above which
     *                         it beats serial, {@code (startup + shutdown) / (1 - 1 / workSpeedup)}; NaN
     *                         otherwise or when its work does not speed up
     * @param flag             why a speedup cannot be right (then flagged {@link Plausibility#FLAG}), or null
     */
    public record Row(Measurement measurement, double speedup, double workSpeedup, double efficiency, double amdahl,
                      double throughput, double breakEvenSeconds, String flag) {
        public Configuration configuration() {
            return measurement.configuration();
        }
    }

    /**
     * One line of the "same work" table: the same configuration on mp4j and on CPython.
     *
     * @param mp4j            mp4j's runs, or null
     * @param python          CPython's runs, or null
     * @param mp4jSpeedup     over mp4j serial at this size
     * @param pythonSpeedup   over CPython serial
     * @param timesFaster     CPython's median / mp4j's median
     * @param mp4jFlag        why mp4j's speedup cannot be right, or null
     * @param pythonFlag      why CPython's speedup cannot be right, or null
     * @param mp4jWorkSpeedup   mp4j serial's median over this one's work median (a flag may cite it)
     * @param pythonWorkSpeedup CPython serial's median over this one's work median
     */
    public record Comparison(Configuration configuration, Measurement mp4j, Measurement python, double mp4jSpeedup,
                             double pythonSpeedup, double timesFaster, double mp4jThroughput, double pythonThroughput,
                             String mp4jFlag, String pythonFlag, double mp4jWorkSpeedup, double pythonWorkSpeedup) {
    }

    /** The "same time" table. */
    public List<Row> rows() {
        double serial = serialSeconds(scaled);
        Map<Configuration.Kind, Double> fractions = parallelFractions();
        List<Row> rows = new ArrayList<>();
        for (Measurement m : scaled) {
            Configuration c = m.configuration();
            double speedup = serial / m.medianSeconds();
            double workSpeedup = serial / m.medianWorkSeconds();
            double efficiency = c.kind() == Configuration.Kind.VIRTUAL_THREADS ? Double.NaN : speedup / c.workers();
            Double fraction = fractions.get(c.kind());
            double amdahl = !cpuBound ? Double.NaN : c.kind() == Configuration.Kind.SERIAL ? 1
                    : fraction == null ? Double.NaN : Amdahl.speedup(fraction, c.workers(), cores);
            double throughput = throughput() ? scaledItems / m.medianWorkSeconds() : Double.NaN;
            double breakEven = Double.NaN;
            if (cpuBound && m.hasStartup() && workSpeedup > 1) {
                double fixed = m.medianStartupSeconds() + (m.hasShutdown() ? m.medianShutdownSeconds() : 0);
                breakEven = fixed / (1 - 1 / workSpeedup);
            }
            String flag = flag(false, c, speedup, workSpeedup);
            rows.add(new Row(m, speedup, workSpeedup, efficiency, amdahl, throughput, breakEven, flag));
        }
        return rows;
    }

    /** The "same work" table: CPython's configurations, mp4j beside each (empty when CPython did not run). */
    public List<Comparison> comparisons() {
        if (python.isEmpty()) {
            return List.of();
        }
        List<Measurement> mp4jSide = seedMp4j.isEmpty() ? scaled : seedMp4j;
        double mp4jSerial = serialSeconds(mp4jSide);
        double pythonSerial = serialSeconds(python);
        List<Comparison> rows = new ArrayList<>();
        for (Measurement p : python) {
            Configuration c = p.configuration();
            Measurement m = find(mp4jSide, c).orElse(null);
            double mp4jSpeedup = m == null ? Double.NaN : mp4jSerial / m.medianSeconds();
            double pythonSpeedup = pythonSerial / p.medianSeconds();
            double mp4jThroughput = throughput() && m != null ? seedItems / m.medianWorkSeconds() : Double.NaN;
            double pythonThroughput = throughput() ? seedItems / p.medianWorkSeconds() : Double.NaN;
            double mp4jWorkSpeedup = m == null ? Double.NaN : mp4jSerial / m.medianWorkSeconds();
            double pythonWorkSpeedup = pythonSerial / p.medianWorkSeconds();
            String mp4jFlag = m == null ? null : flag(false, c, mp4jSpeedup, mp4jWorkSpeedup);
            String pythonFlag = flag(true, c, pythonSpeedup, pythonWorkSpeedup);
            rows.add(new Comparison(c, m, p, mp4jSpeedup, pythonSpeedup,
                    m == null ? Double.NaN : p.medianSeconds() / m.medianSeconds(), mp4jThroughput, pythonThroughput,
                    mp4jFlag, pythonFlag, mp4jWorkSpeedup, pythonWorkSpeedup));
        }
        return rows;
    }

    private String flag(boolean cpython, Configuration configuration, double speedup, double workSpeedup) {
        Optional<String> why = Plausibility.check(cpuBound, cpython, pythonGil, configuration, speedup, cores);
        if (why.isEmpty() && !Double.isNaN(workSpeedup) && workSpeedup != speedup) {
            why = Plausibility.check(cpuBound, cpython, pythonGil, configuration, workSpeedup, cores)
                    .map(reason -> "work speedup " + reason);
        }
        return why.orElse(null);
    }

    /** The configurations whose mp4j "same time" figures are flagged. */
    public List<Configuration> flaggedScaled() {
        return rows().stream().filter(r -> r.flag() != null).map(Row::configuration).toList();
    }

    /** The configurations whose mp4j "same work" figures are flagged (only when they were measured apart). */
    public List<Configuration> flaggedSeedMp4j() {
        return seedMp4j.isEmpty() ? List.of()
                : comparisons().stream().filter(c -> c.mp4jFlag() != null).map(Comparison::configuration).toList();
    }

    /** The configurations whose CPython figures are flagged. */
    public List<Configuration> flaggedPython() {
        return comparisons().stream().filter(c -> c.pythonFlag() != null).map(Comparison::configuration).toList();
    }

    /**
     * The parallel fraction Amdahl's law is drawn with, per kind: estimated (Karp-Flatt) from the work
     * speedup of the kind's fewest-worker run that can use 2 cores or more.
     */
    public Map<Configuration.Kind, Double> parallelFractions() {
        Map<Configuration.Kind, Double> fractions = new TreeMap<>();
        double serial = serialSeconds(scaled);
        if (!cpuBound || Double.isNaN(serial)) {
            return fractions;
        }
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES, Configuration.Kind.CLUSTER)) {
            scaled.stream().filter(m -> m.configuration().kind() == kind && Math.min(m.configuration().workers(), cores) >= 2)
                    .min(Comparator.comparingInt(m -> m.configuration().workers()))
                    .ifPresent(m -> fractions.put(kind, Amdahl.parallelFraction(serial / m.medianWorkSeconds(),
                            m.configuration().workers(), cores)));
        }
        return fractions;
    }

    public Optional<Measurement> python(Configuration configuration) {
        return find(python, configuration);
    }

    /** mp4j's serial median at the scaled size, NaN when serial did not run. */
    public double serialSeconds() {
        return serialSeconds(scaled);
    }

    /** CPython's serial median, NaN when it did not run. */
    public double pythonSerialSeconds() {
        return serialSeconds(python);
    }

    private static Optional<Measurement> find(List<Measurement> measurements, Configuration configuration) {
        return measurements.stream().filter(m -> m.configuration().equals(configuration)).findFirst();
    }

    private static double serialSeconds(List<Measurement> measurements) {
        return measurements.stream().filter(m -> m.configuration().kind() == Configuration.Kind.SERIAL)
                .findFirst().map(Measurement::medianSeconds).orElse(Double.NaN);
    }
}
