package dev.mp4j.lab;

import dev.mp4j.lab.experiment.EngineRunner;
import dev.mp4j.lab.experiment.Experiment;
import dev.mp4j.lab.experiment.Experiments;
import dev.mp4j.lab.python.PythonTwin;
import dev.mp4j.lab.report.ReportWriter;
import dev.mp4j.lab.report.TerminalTable;
import dev.mp4j.pool.TerminalProgress;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab: runs the seeds' experiments on every configured engine, checks every result, prints a
 * table per experiment, and writes the report folder (charts, index.html, results.json,
 * results.md).
 *
 * <p>Each configuration gets {@code warmups} untimed runs and {@code repeats} timed ones; the
 * tables show medians. A run whose result is wrong stops the lab with a
 * {@link dev.mp4j.lab.experiment.ResultMismatchException}: a wrong result is never reported.
 * Not thread-safe: one lab runs at a time in one thread.
 */
public final class Lab {
    private final LabOptions options;
    private final PrintStream out;
    private final boolean progressBar;

    /**
     * @param out         where the tables go
     * @param progressBar whether to draw a terminal progress bar on stderr while an experiment runs
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
        List<Experiment> experiments = Experiments.create(options);
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
        Instant started = Instant.now();
        out.println("mp4j lab on " + machine.describe());
        List<ExperimentResult> results = new ArrayList<>();
        try (EngineRunner engines = new EngineRunner(cluster, options.clusterAddress())) {
            for (Experiment experiment : experiments) {
                try (experiment) {
                    results.add(run(experiment, engines, python.orElse(null), machine));
                }
            }
        } finally {
            python.ifPresent(PythonTwin::close);
        }
        LabReport report = new LabReport(machine, options.command(), started, options, results, notes);
        writeReport(report);
        return report;
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

    private ExperimentResult run(Experiment experiment, EngineRunner engines, PythonTwin python, Machine machine)
            throws Exception {
        List<Configuration> configurations = experiment.configurations(options);
        List<Configuration> pythonConfigurations = python == null ? List.of()
                : configurations.stream().filter(c -> c.kind().hasPythonTwin() && (c.kind() == Configuration.Kind.SERIAL
                        || !experiment.cpuBound() || options.pythonWorkers().contains(c.workers()))).toList();
        long total = (long) configurations.size() * (options.warmups() + options.repeats())
                + (long) pythonConfigurations.size() * options.pythonRepeats();
        out.println();
        out.println("== " + experiment.name() + ": " + experiment.title());
        List<Measurement> mp4j = new ArrayList<>();
        List<Measurement> cpython = new ArrayList<>();
        try (Progress progress = progressBar ? new Progress(experiment.name(), total) : null) {
            experiment.prepare();
            long done = 0;
            for (Configuration configuration : configurations) {
                List<Double> seconds = new ArrayList<>();
                String result = null;
                for (int i = 0; i < options.warmups() + options.repeats(); i++) {
                    long start = System.nanoTime();
                    result = experiment.run(configuration, engines);
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    experiment.check("mp4j", configuration, result);
                    if (i >= options.warmups()) {
                        seconds.add(elapsed);
                    }
                    step(progress, ++done);
                }
                mp4j.add(new Measurement(configuration, "mp4j", seconds, result));
            }
            for (Configuration configuration : pythonConfigurations) {
                List<Double> seconds = new ArrayList<>();
                String result = null;
                for (int i = 0; i < options.pythonRepeats(); i++) {
                    PythonTwin.Run run = python.run(experiment.name(), configuration, experiment.pythonArguments());
                    experiment.check(python.version(), configuration, run.result());
                    seconds.add(run.seconds());
                    result = run.result();
                    step(progress, ++done);
                }
                cpython.add(new Measurement(configuration, python.version(), seconds, result));
            }
        }
        ExperimentResult result = new ExperimentResult(experiment.name(), experiment.title(), experiment.description(),
                experiment.cpuBound(), mp4j, cpython, machine.cores());
        out.print(TerminalTable.render(result));
        return result;
    }

    private static void step(Progress progress, long done) {
        if (progress != null) {
            progress.bar.onProgress(done, progress.total);
        }
    }

    /** The progress bar of one experiment. */
    private static final class Progress implements AutoCloseable {
        private final TerminalProgress bar;
        private final long total;

        Progress(String task, long total) {
            this.bar = TerminalProgress.create(task);
            this.total = total;
            bar.onProgress(0, total);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
