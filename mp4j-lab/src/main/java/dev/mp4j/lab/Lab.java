package dev.mp4j.lab;

import dev.mp4j.lab.experiment.EngineRunner;
import dev.mp4j.lab.experiment.Experiment;
import dev.mp4j.lab.experiment.Experiments;
import dev.mp4j.lab.experiment.PhaseClock;
import dev.mp4j.lab.isolation.Failure;
import dev.mp4j.lab.isolation.IsolationExperiment;
import dev.mp4j.lab.python.PythonTwin;
import dev.mp4j.lab.report.ReportWriter;
import dev.mp4j.lab.report.TerminalTable;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lab: runs the seeds' experiments on every configured engine, checks every result, prints
 * tables and conclusions per experiment, and writes the report folder.
 *
 * <p>Per experiment: a calibration sizes the "same time" runs (mp4j serial takes about
 * {@link LabOptions#serialSeconds()}); every configuration gets {@code warmups} untimed and
 * {@code repeats} timed runs, interleaved round by round. With CPython, the "same work" runs
 * follow at the seed's size: mp4j and CPython's runs of each configuration interleaved, CPython's
 * serial baseline among them. A configuration whose speedup the machine cannot have produced
 * ({@link Plausibility}) is measured once more, interleaved with more runs of its serial baseline;
 * if it stays, it is flagged. The machine's load is read at the start and end of each experiment.
 *
 * <p>A run whose result is wrong stops the lab with a
 * {@link dev.mp4j.lab.experiment.ResultMismatchException}: a wrong result is never reported.
 * Not thread-safe: one lab runs at a time in one thread.
 */
public final class Lab {
    private final LabOptions options;
    private final PrintStream out;
    private final boolean progressBar;

    /**
     * @param out         where the tables go
     * @param progressBar whether to draw a progress line on stderr (the caller checks that it is a terminal)
     */
    public Lab(LabOptions options, PrintStream out, boolean progressBar) {
        this.options = options;
        this.out = out;
        this.progressBar = progressBar;
    }

    /**
     * Runs the experiments and writes the report.
     *
     * @throws LabUsageException when an experiment or an engine is not available; nothing has run then
     */
    public LabReport run() throws Exception {
        return run(Experiments.create(options));
    }

    /** Runs these experiments (which it closes) as {@link #run()} runs the options' ones. */
    LabReport run(List<Experiment> experiments) throws Exception {
        ClusterProvider cluster = null;
        if (options.kinds().contains(Configuration.Kind.CLUSTER)) {
            cluster = ClusterProvider.find().orElseThrow(() -> new LabUsageException(
                    "the cluster engine is not available: the mp4j-cluster module is not on the class path"));
            checkReachable(options.clusterAddress());
        }
        List<String> notes = new ArrayList<>();
        Optional<PythonTwin> python = Optional.empty();
        if (options.python()) {
            List<String> whyNot = new ArrayList<>();
            python = PythonTwin.find(options.pythonCommand(), whyNot);
            if (python.isEmpty()) {
                String note = "--python: CPython is not available, so its columns are empty: " + String.join("; ", whyNot)
                        + ". Install python3 (e.g. apt-get install python3) or pass --python-command.";
                notes.add(note);
                out.println("note: " + note);
            }
        }
        Machine machine = Machine.current(python.map(PythonTwin::version).orElse(null));
        List<Double> estimates = new ArrayList<>();
        for (Experiment experiment : experiments) {
            estimates.add(Estimates.experiment(experiment, options, python.isPresent(), machine.cores()));
        }
        double isolationEstimate = options.isolation() ? Estimates.isolation(python.isPresent()) : 0;
        double expected = estimates.stream().mapToDouble(Double::doubleValue).sum() + isolationEstimate;
        out.println(plan(experiments.size(), options.isolation(), python.isPresent(), expected, machine.cores()));
        out.println("machine: " + machine.describe());
        MachineLoad.Sample labStart = MachineLoad.Sample.now();
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<ExperimentResult> results = new ArrayList<>();
        Map<String, Duration> durations = new LinkedHashMap<>();
        IsolationExperiment.Result isolation = null;
        try (Progress progress = new Progress(System.err, progressBar);
             EngineRunner engines = new EngineRunner(cluster, options.clusterAddress())) {
            for (int i = 0; i < experiments.size(); i++) {
                double later = estimates.subList(i + 1, estimates.size()).stream().mapToDouble(Double::doubleValue).sum()
                        + isolationEstimate;
                long experimentStart = System.nanoTime();
                try (Experiment experiment = experiments.get(i)) {
                    progress.experiment(experiment.name(), later);
                    results.add(run(experiment, engines, python.orElse(null), machine, progress));
                    durations.put(experiment.name(), Duration.ofNanos(System.nanoTime() - experimentStart));
                }
            }
            if (options.isolation()) {
                long isolationStart = System.nanoTime();
                isolation = isolation(python.orElse(null), progress);
                durations.put(LabOptions.ISOLATION, Duration.ofNanos(System.nanoTime() - isolationStart));
            }
        } finally {
            python.ifPresent(PythonTwin::close);
        }
        MachineLoad load = MachineLoad.between(labStart, MachineLoad.Sample.now());
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        LabReport report = new LabReport(machine, options.command(), started, duration, options, results, isolation, load,
                durations, notes);
        out.println();
        out.println("== conclusions");
        report.headlines().forEach(h -> out.println("- " + h));
        out.println();
        out.print(TerminalTable.key(report));
        out.printf(Locale.ROOT, "%nlab took %s (%s); %s%n", Progress.clock(duration.toMillis() / 1000.0),
                String.join(", ", durations.entrySet().stream()
                        .map(e -> e.getKey() + " " + Progress.clock(e.getValue().toMillis() / 1000.0)).toList()),
                load.describe());
        writeReport(report);
        return report;
    }

    /** The run's first line: what runs and how long it should take. */
    static String plan(int experiments, boolean isolation, boolean python, double seconds, int cores) {
        String what = experiments == 0 ? "the isolation table"
                : experiments + " experiment" + (experiments == 1 ? "" : "s") + (isolation ? " and the isolation table" : "");
        return String.format(Locale.ROOT, "mp4j lab: %s%s, expected to take about %s (%s); a progress line on stderr"
                        + " refines the estimate as steps are measured", what, python ? ", beside CPython" : "",
                minutes(seconds), cores == 2 ? "estimated from the project's 2-core machine"
                        : "estimated from the project's 2-core machine; this one has " + cores + " cores");
    }

    static String minutes(double seconds) {
        return seconds < 90 ? Math.max(1, Math.round(seconds)) + " s" : Math.round(seconds / 60) + " min";
    }

    /** Refuses, before anything runs, a Redis address nothing listens on. */
    static void checkReachable(String address) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new LabUsageException("--redis: '" + LabOptions.redactPassword(address) + "' is not a URL like redis://host:port");
        }
        if (uri.getHost() == null) {
            throw new LabUsageException("--redis: '" + LabOptions.redactPassword(address) + "' names no host; use redis://host:port");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 3000);
        } catch (IOException e) {
            throw new LabUsageException("the cluster engine is not available: no Redis server answers at " + uri.getHost()
                    + ":" + port + " (" + e.getMessage() + "); start one (redis-server --port " + port
                    + ") or pass the right --redis");
        }
    }

    private void writeReport(LabReport report) throws IOException {
        new ReportWriter(report).write(options.reportDirectory());
        out.println("report: " + options.reportDirectory().toAbsolutePath().resolve("index.html"));
    }

    /** CPython's configurations: serial, and on CPU-bound work only the worker counts asked for. */
    static List<Configuration> pythonConfigurations(Experiment experiment, List<Configuration> configurations,
                                                    LabOptions options) {
        return configurations.stream().filter(c -> c.kind().hasPythonTwin() && (c.kind() == Configuration.Kind.SERIAL
                || !experiment.cpuBound() || options.pythonWorkers().contains(c.workers()))).toList();
    }

    private ExperimentResult run(Experiment seed, EngineRunner engines, PythonTwin python, Machine machine, Progress progress)
            throws Exception {
        int cores = machine.cores();
        MachineLoad.Sample loadStart = MachineLoad.Sample.now();
        progress.clear();
        out.println();
        out.println("== " + seed.name() + ": " + seed.title());
        seed.prepare(null);
        Configuration on = seed.calibrationConfiguration(options);
        String calibrateKey = "calibrate " + seed.name();
        String restKey = "rest " + seed.name();
        double calibrationEstimate = 0;
        if (seed.calibrated() && options.serialSeconds() > 0) {
            double guess = Estimates.run(seed, on, seed.serialSecondsGuess(), false, cores);
            calibrationEstimate = 2 * guess + 1.2 * options.serialSeconds();
            progress.plan(List.of(new Progress.Step(calibrateKey, "mp4j", guess), new Progress.Step(calibrateKey, "mp4j", guess),
                    new Progress.Step(calibrateKey, "mp4j", 1.2 * options.serialSeconds())));
        }
        // the runs after the calibration, until it has said how long they take
        progress.plan(List.of(new Progress.Step(restKey, "mp4j", Math.max(0, Estimates.experiment(seed, options,
                python != null, cores) - calibrationEstimate))));
        Calibration.Timer timer = Calibration.timer(on, (experiment, clock) -> {
            progress.running("calibrating: " + on.label() + " on " + experiment.workload());
            long start = System.nanoTime();
            String result = experiment.run(on, engines, clock);
            progress.done(calibrateKey, (System.nanoTime() - start) / 1e9);
            return result;
        });
        Calibration.Calibrated calibrated = Calibration.calibrate(seed, on, options.serialSeconds(), timer);
        progress.drop(calibrateKey);
        progress.drop(restKey);
        Experiment scaled = calibrated.experiment();
        try {
            if (scaled != seed) {
                scaled.prepare(calibrated.serialResult());
            }
            Calibration calibration = calibrated.calibration();
            progress.clear();
            out.println(describe(calibration));
            double scaledBase = !Double.isNaN(calibration.scaledSeconds()) ? calibration.scaledSeconds() : seed.serialSecondsGuess();
            double seedBase = !Double.isNaN(calibration.seedSeconds()) ? calibration.seedSeconds() : seed.serialSecondsGuess();

            List<Configuration> configurations = scaled.configurations(options);
            List<Rounds.Entry> scaledEntries = new ArrayList<>();
            // estimates of the runs to come: from the calibration's time of its configuration
            for (Configuration c : configurations) {
                scaledEntries.add(mp4jEntry(scaled, c, engines, "same time", options.warmups(), options.repeats()));
            }
            progress.plan(Rounds.plan(scaledEntries, e -> Estimates.run(scaled, e.configuration(), scaledBase, false, cores)));
            List<Rounds.Entry> comparisonEntries = new ArrayList<>();
            AtomicBoolean gil = new AtomicBoolean(true);
            if (python != null) {
                for (Configuration c : pythonConfigurations(seed, configurations, options)) {
                    if (calibration.scaled()) {
                        comparisonEntries.add(mp4jEntry(seed, c, engines, "same work", 0, options.repeats()));
                    }
                    comparisonEntries.add(pythonEntry(python, seed, c, gil));
                }
                progress.plan(Rounds.plan(comparisonEntries, e -> Estimates.run(seed, e.configuration(),
                        e.runtime().equals("mp4j") ? seedBase : seed.pythonSerialSecondsGuess(), !e.runtime().equals("mp4j"), cores)));
            }
            Map<Rounds.Entry, List<Rounds.Sample>> samples = new LinkedHashMap<>(Rounds.run(scaledEntries, progress));
            samples.putAll(Rounds.run(comparisonEntries, progress));
            Map<Rounds.Entry, Measurement> measurements = new LinkedHashMap<>();
            samples.forEach((entry, runs) -> measurements.put(entry, Rounds.measurement(entry, runs, Measurement.Remeasure.NONE)));

            ExperimentResult result = result(seed, scaled, calibration, scaledEntries, comparisonEntries, measurements,
                    gil.get(), cores, null);
            List<Rounds.Entry> again = reruns(result, scaledEntries, comparisonEntries, calibration.scaled());
            if (!again.isEmpty()) {
                progress.clear();
                out.println("re-measuring " + String.join(", ", again.stream()
                        .filter(e -> e.configuration().kind() != Configuration.Kind.SERIAL)
                        .map(e -> original(e, scaledEntries, comparisonEntries).label()).toList())
                        + " with more runs of their serial baseline: a speedup the machine cannot have produced");
                progress.plan(Rounds.plan(again, e -> Estimates.run(seed, e.configuration(), seedBase, false, cores)));
                Rounds.run(again, progress).forEach((entry, runs) -> {
                    Rounds.Entry first = original(entry, scaledEntries, comparisonEntries);
                    Measurement more = Rounds.measurement(entry, runs, Measurement.Remeasure.REPLACED);
                    measurements.put(first, entry.configuration().kind() == Configuration.Kind.SERIAL
                            ? measurements.get(first).extendedBy(more) : more);
                });
            }
            MachineLoad load = MachineLoad.between(loadStart, MachineLoad.Sample.now());
            result = result(seed, scaled, calibration, scaledEntries, comparisonEntries, measurements, gil.get(), cores, load);
            progress.clear();
            out.print(TerminalTable.render(result));
            out.println(load.describe() + (load.busy(cores) ? ": the machine was busy, so the times are high and noisy" : ""));
            Conclusions.of(result).forEach(c -> out.println("- " + c));
            return result;
        } finally {
            if (scaled != seed) {
                scaled.close();
            }
        }
    }

    /** "same time: N = 320000000 (x32.0 the seed's size), serial 1.412 s; same work: N = 10000000". */
    static String describe(Calibration calibration) {
        if (!calibration.scaled()) {
            return "size: " + calibration.seedWorkload() + ": " + calibration.note();
        }
        return String.format(Locale.ROOT, "same time: %s (x%.2f the seed's size, %s %s s %s; %s); same work: %s",
                calibration.scaledWorkload(), calibration.factor(), calibration.configuration(),
                Figures.seconds(calibration.scaledSeconds()), calibration.timed(), calibration.note(),
                calibration.seedWorkload());
    }

    private static ExperimentResult result(Experiment seed, Experiment scaled, Calibration calibration,
                                           List<Rounds.Entry> scaledEntries, List<Rounds.Entry> comparisonEntries,
                                           Map<Rounds.Entry, Measurement> measurements, boolean gil, int cores,
                                           MachineLoad load) {
        List<Measurement> scaledMeasurements = scaledEntries.stream().map(measurements::get).toList();
        List<Measurement> seedMp4j = comparisonEntries.stream().filter(e -> e.runtime().equals("mp4j"))
                .map(measurements::get).toList();
        List<Measurement> python = comparisonEntries.stream().filter(e -> !e.runtime().equals("mp4j"))
                .map(measurements::get).toList();
        return new ExperimentResult(seed.name(), scaled.title(), seed.description(), seed.cpuBound(), cores, calibration,
                scaled.items(), seed.items(), scaledMeasurements, seedMp4j, python, gil,
                load == null ? new MachineLoad(Double.NaN, Double.NaN, Double.NaN) : load);
    }

    /**
     * The entries to measure again, without warm-up: those whose figures the plausibility rule
     * rejects, each group's with its serial baseline (whose runs are added to the first ones, so an
     * unlucky baseline cannot make the second measurement implausible too).
     */
    private static List<Rounds.Entry> reruns(ExperimentResult result, List<Rounds.Entry> scaledEntries,
                                             List<Rounds.Entry> comparisonEntries, boolean separateSeedRuns) {
        List<Rounds.Entry> again = new ArrayList<>();
        rerunGroup(result.flaggedScaled(), scaledEntries, again);
        if (separateSeedRuns) {
            rerunGroup(result.flaggedSeedMp4j(), comparisonEntries.stream().filter(e -> e.runtime().equals("mp4j")).toList(), again);
        }
        rerunGroup(result.flaggedPython(), comparisonEntries.stream().filter(e -> !e.runtime().equals("mp4j")).toList(), again);
        return again;
    }

    private static void rerunGroup(List<Configuration> flagged, List<Rounds.Entry> group, List<Rounds.Entry> again) {
        if (flagged.isEmpty()) {
            return;
        }
        group.stream().filter(e -> e.configuration().kind() == Configuration.Kind.SERIAL).findFirst()
                .ifPresent(e -> again.add(rerun(e)));
        for (Configuration c : flagged) {
            group.stream().filter(e -> e.configuration().equals(c)).findFirst().ifPresent(e -> again.add(rerun(e)));
        }
    }

    private static Rounds.Entry rerun(Rounds.Entry entry) {
        return new Rounds.Entry(entry.key(), entry.label() + " again", entry.runtime(), entry.configuration(), 0,
                entry.repeats(), entry.step());
    }

    private static Rounds.Entry original(Rounds.Entry rerun, List<Rounds.Entry> scaledEntries, List<Rounds.Entry> comparisonEntries) {
        for (List<Rounds.Entry> entries : List.of(scaledEntries, comparisonEntries)) {
            for (Rounds.Entry entry : entries) {
                if (entry.step() == rerun.step()) {
                    return entry;
                }
            }
        }
        throw new IllegalStateException("no entry for " + rerun.label());
    }

    private static Rounds.Entry mp4jEntry(Experiment experiment, Configuration c, EngineRunner engines, String view,
                                          int warmups, int repeats) {
        return new Rounds.Entry("mp4j " + c.label() + " @" + experiment.size(), "mp4j " + c.label() + ", " + view,
                "mp4j", c, warmups, repeats, () -> {
                    PhaseClock clock = PhaseClock.start();
                    String result = experiment.run(c, engines, clock);
                    clock.stop();
                    experiment.check("mp4j", c, result);
                    return new Rounds.Sample(clock.seconds(), clock.startupSeconds(), clock.shutdownSeconds(), result);
                });
    }

    private Rounds.Entry pythonEntry(PythonTwin python, Experiment experiment, Configuration c, AtomicBoolean gil) {
        return new Rounds.Entry("cpython " + c.label() + " @" + experiment.size(), "CPython " + c.label() + ", same work",
                python.version(), c, 0, options.pythonRepeats(), () -> {
                    PythonTwin.Run run = python.run(experiment.name(), c, experiment.pythonArguments());
                    experiment.check(python.version(), c, run.result());
                    if (!run.gil()) {
                        gil.set(false);
                    }
                    return new Rounds.Sample(run.seconds(), run.startupSeconds(), run.shutdownSeconds(), run.result());
                });
    }

    private IsolationExperiment.Result isolation(PythonTwin python, Progress progress) throws Exception {
        progress.experiment(LabOptions.ISOLATION, 0);
        List<Progress.Step> steps = new ArrayList<>();
        for (Failure failure : Failure.values()) {
            steps.add(new Progress.Step("isolation threads " + failure, "isolation", 2));
            steps.add(new Progress.Step("isolation processes " + failure, "isolation", 2.5));
            if (python != null) {
                steps.add(new Progress.Step("isolation cpython " + failure, "isolation", 3.3));
            }
        }
        progress.plan(steps);
        progress.clear();
        out.println();
        out.println("== isolation: a failing task among " + dev.mp4j.lab.isolation.IsolationProbe.OTHERS
                + " ordinary ones on a pool of 2 (threads in a throwaway JVM; processes in the lab's own JVM)");
        IsolationExperiment.Result result = IsolationExperiment.run(python, new IsolationExperiment.Listener() {
            @Override
            public void batch(String runtime, Failure failure) {
                progress.running(runtime + ": " + failure.argument());
            }

            @Override
            public void done(String runtime, Failure failure, double seconds) {
                progress.done("isolation " + runtime + " " + failure, seconds);
            }
        });
        progress.clear();
        out.print(TerminalTable.renderIsolation(result));
        out.println("- " + result.conclusion());
        return result;
    }
}
