package dev.mp4j.cli;

import dev.mp4j.cluster.LocalRedis;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.Lab;
import dev.mp4j.lab.LabOptions;
import dev.mp4j.lab.LabUsageException;
import dev.mp4j.lab.experiment.ResultMismatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mp4j lab [EXPERIMENT...]}: the seeds' experiments with tables, charts and a report. */
@Command(name = "lab", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run the seeds' experiments (serial vs threads vs virtual threads vs processes, and the cluster"
                + " when --redis is given), print tables and conclusions per experiment and write a report folder"
                + " (index.html, results.md, results.json, charts).",
                "Experiments: factorize, primes, integrate, io, producer-consumer, pipeline, and the crash-isolation"
                + " table 'isolation' (all when none is named).",
                "Each experiment is sized so that serial mp4j takes about --serial-seconds (same time: how each engine"
                + " scales); with --python, mp4j and CPython also run the seed's own size (same work).",
                "Duration with every default on a 2-core machine: ./mp4j lab about " + LabCommand.MINUTES_WITHOUT_PYTHON
                + " min, ./mp4j lab --python about " + LabCommand.MINUTES_WITH_PYTHON + " min (the first line of a run"
                + " states its own estimate)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the report was written", "1:a run computed a wrong result or failed",
                "2:bad input (unknown experiment, count out of range, engine not available)"})
final class LabCommand implements Callable<Integer> {
    /** On the project's 2-core machine with every default: 7 min 57 s with --python under a load of 7-9 (docs/sample-lab-report). */
    static final int MINUTES_WITH_PYTHON = 8;
    static final int MINUTES_WITHOUT_PYTHON = 5;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "EXPERIMENT", description = "experiments to run, in order (default: all, then isolation)")
    private List<String> experiments = List.of();

    @Option(names = "--workers", split = ",", paramLabel = "N", description = "worker counts for threads and processes (default: 2,4,8)")
    private List<Integer> workers;

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE",
            description = "engines to compare: serial, threads, virtual, processes, cluster (default: all but cluster; cluster is added by --redis)")
    private List<String> engines;

    @Option(names = "--repeats", description = "timed runs per configuration; the tables show the median and the range (default: 3)")
    private Integer repeats;

    @Option(names = "--serial-seconds", paramLabel = "S",
            description = "size each experiment so that serial mp4j takes about S seconds (default: 1.4); 0 keeps the seed's sizes")
    private Double serialSeconds;

    @Option(names = "--warmups", description = "untimed runs per configuration before the timed ones (default: 1)")
    private Integer warmups;

    @Option(names = "--count", description = "factorize: how many odd numbers (default: the seed's 300)")
    private Integer count;

    @Option(names = "--start", description = "factorize: the first number (default: the seed's 9999999999999)")
    private Long start;

    @Option(names = "--primes-up-to", paramLabel = "N",
            description = "primes: inputs are range(100000, N, 100000) (default: 600000; the seed's 2500000 costs CPython about 100 s a run)")
    private Long primesUpTo;

    @Option(names = "--steps", description = "integrate: rectangles (default: the seed's 10000000)")
    private Long steps;

    @Option(names = "--requests", description = "io: HTTP requests (default: 100)")
    private Integer requests;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "io: the server's delay per request (default: 20)")
    private Long latencyMillis;

    @Option(names = "--items", description = "producer-consumer: items (default: 5000)")
    private Integer items;

    @Option(names = "--pipeline-items", paramLabel = "N", description = "pipeline: items (default: 100000)")
    private Integer pipelineItems;

    @Option(names = "--python", description = "also run the CPython twins (multiprocessing/threading) side by side")
    private boolean python;

    @Option(names = "--python-command", paramLabel = "CMD", description = "the CPython to run (default: python3)")
    private String pythonCommand;

    @Option(names = "--python-repeats", paramLabel = "N",
            description = "timed CPython runs per configuration, interleaved with its serial runs (default: 3)")
    private Integer pythonRepeats;

    @Option(names = "--python-workers", split = ",", paramLabel = "N",
            description = "worker counts of CPython's CPU-bound runs (default: those of --workers up to the core count, at least 2)")
    private List<Integer> pythonWorkers;

    @Option(names = "--redis", paramLabel = "URL",
            description = "add the cluster engine on this Redis server (redis://host:port); 'local' starts a throwaway redis-server")
    private String redis;

    @Option(names = "--report", paramLabel = "DIR", description = "the report folder (default: lab-report)")
    private Path report;

    @Option(names = "--progress", negatable = true,
            description = "draw a progress line on stderr (default: when stderr is a terminal)")
    private Boolean progress;

    @Override
    public Integer call() {
        LocalRedis localRedis = null;
        try {
            if ("local".equals(redis)) {
                try {
                    localRedis = LocalRedis.start();
                } catch (IllegalStateException e) {
                    throw new LabUsageException("the cluster engine is not available: " + e.getMessage());
                }
                redis = localRedis.address();
            }
            LabOptions options = options();
            boolean draw = progress != null ? progress : dev.mp4j.cli.map.Terminals.stderrIsTerminal();
            new Lab(options, System.out, draw).run();
            return 0;
        } catch (LabUsageException e) {
            spec.commandLine().getErr().println("mp4j lab: " + e.getMessage());
            return 2;
        } catch (ResultMismatchException e) {
            spec.commandLine().getErr().println("mp4j lab: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("mp4j lab: failed: " + e);
            e.printStackTrace(spec.commandLine().getErr());
            return 1;
        } finally {
            if (localRedis != null) {
                localRedis.close();
            }
        }
    }

    LabOptions options() {
        LabOptions.Builder builder = LabOptions.builder();
        experiments.forEach(builder::experiment);
        if (workers != null) {
            builder.workers(workers);
        }
        if (engines != null) {
            builder.kinds(kinds(engines));
        }
        if (repeats != null) {
            builder.repeats(repeats);
        }
        if (warmups != null) {
            builder.warmups(warmups);
        }
        if (serialSeconds != null) {
            builder.serialSeconds(serialSeconds);
        }
        if (count != null) {
            builder.factorizeCount(count);
        }
        if (start != null) {
            builder.factorizeStart(start);
        }
        if (primesUpTo != null) {
            builder.primesUpTo(primesUpTo);
        }
        if (steps != null) {
            builder.integrationSteps(steps);
        }
        if (requests != null) {
            builder.ioRequests(requests);
        }
        if (latencyMillis != null) {
            if (latencyMillis < 0) {
                throw new LabUsageException("--latency-ms must not be negative, got " + latencyMillis);
            }
            builder.ioLatency(Duration.ofMillis(latencyMillis));
        }
        if (items != null) {
            builder.items(items);
        }
        if (pipelineItems != null) {
            builder.pipelineItems(pipelineItems);
        }
        builder.python(python);
        if (pythonCommand != null) {
            builder.pythonCommand(pythonCommand);
        }
        if (pythonRepeats != null) {
            builder.pythonRepeats(pythonRepeats);
        }
        if (pythonWorkers != null) {
            builder.pythonWorkers(pythonWorkers);
        }
        if (redis != null) {
            builder.clusterAddress(redis);
        }
        if (report != null) {
            builder.reportDirectory(report);
        }
        builder.command(commandLine());
        return builder.build();
    }

    private String commandLine() {
        // originalArgs() holds the whole command line, "lab" included
        StringBuilder line = new StringBuilder("./mp4j");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./:=,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    static Set<Configuration.Kind> kinds(List<String> names) {
        Set<Configuration.Kind> kinds = EnumSet.noneOf(Configuration.Kind.class);
        for (String name : names) {
            kinds.add(switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "serial" -> Configuration.Kind.SERIAL;
                case "threads" -> Configuration.Kind.THREADS;
                case "virtual", "virtual-threads" -> Configuration.Kind.VIRTUAL_THREADS;
                case "processes" -> Configuration.Kind.PROCESSES;
                case "cluster" -> Configuration.Kind.CLUSTER;
                default -> throw new LabUsageException("unknown engine '" + name
                        + "'; the lab has: serial, threads, virtual, processes, cluster");
            });
        }
        return kinds;
    }
}
