package dev.mp4j.lab;

import dev.mp4j.examples.FinalExample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the lab runs and how. Immutable; built with {@link #builder()}, which validates every
 * option and names the bad one in a {@link LabUsageException}.
 *
 * @param experiments        the experiments to run, by name, in order (all when built without any);
 *                           {@code isolation} names the crash-isolation table
 * @param workers            worker counts for threads and processes, e.g. 2, 4, 8
 * @param kinds              the engines to compare
 * @param repeats            timed runs per configuration (the report shows their median and range)
 * @param warmups            untimed runs per configuration before the timed ones
 * @param serialSeconds      what the calibration sizes each experiment's serial run to take, in
 *                           seconds; 0 keeps the seed's sizes
 * @param factorizeCount     how many odd numbers factorize takes
 * @param factorizeStart     the first of them
 * @param primesUpTo         the end (exclusive) of the prime-sum inputs range(100000, primesUpTo, 100000)
 * @param integrationSteps   rectangles for the integral of x^2 on [0, 10]
 * @param ioRequests         requests of the I/O fan-out
 * @param ioLatency          how long the lab's HTTP server waits before each answer
 * @param items              items through the producer/consumer queue
 * @param pipelineItems      items through the 3-stage pipeline
 * @param python             whether to run the CPython twins side by side
 * @param pythonCommand      the CPython executable
 * @param pythonRepeats      timed CPython runs per configuration, interleaved with its serial runs
 * @param pythonWorkers      the worker counts CPython runs the CPU-bound experiments with (its
 *                           serial run, and the other experiments, always run); by default the
 *                           counts of {@code workers} up to the core count (at least 2)
 * @param reportDirectory    where the report goes
 * @param clusterAddress     the Redis address of the cluster engine, or {@code null}
 * @param command            the command line that started the lab, for the report
 */
public record LabOptions(List<String> experiments, List<Integer> workers, Set<Configuration.Kind> kinds,
                         int repeats, int warmups, double serialSeconds, int factorizeCount, long factorizeStart, long primesUpTo,
                         long integrationSteps, int ioRequests, Duration ioLatency, int items, int pipelineItems,
                         boolean python, String pythonCommand, int pythonRepeats, List<Integer> pythonWorkers,
                         Path reportDirectory,
                         String clusterAddress, String command) {
    public LabOptions {
        experiments = List.copyOf(experiments);
        workers = List.copyOf(workers);
        kinds = Set.copyOf(kinds);
        pythonWorkers = List.copyOf(pythonWorkers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code redis://:secret@host:6379} becomes {@code redis://***@host:6379}: no secret reaches a report or an error. */
    public static String redactPassword(String text) {
        return text == null ? null : text.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://)[^@/\\s]*@", "$1***@");
    }

    /** The name that asks for the crash-isolation table. */
    public static final String ISOLATION = "isolation";

    /** Whether the crash-isolation table is part of this run. */
    public boolean isolation() {
        return experiments.isEmpty() || experiments.contains(ISOLATION);
    }

    /** The configurations of an experiment that scales with workers, in report order. */
    public List<Configuration> scalingConfigurations() {
        List<Configuration> configurations = new ArrayList<>();
        if (kinds.contains(Configuration.Kind.SERIAL)) {
            configurations.add(Configuration.serial());
        }
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES)) {
            if (kinds.contains(kind)) {
                workers.forEach(w -> configurations.add(new Configuration(kind, w)));
            }
        }
        if (kinds.contains(Configuration.Kind.VIRTUAL_THREADS)) {
            configurations.add(Configuration.virtualThreads());
        }
        if (kinds.contains(Configuration.Kind.CLUSTER)) {
            for (int w : new int[] {2, 3}) {
                configurations.add(new Configuration(Configuration.Kind.CLUSTER, w));
            }
        }
        return configurations;
    }

    /** Builds {@link LabOptions}; every setter validates its argument. */
    public static final class Builder {
        private final List<String> experiments = new ArrayList<>();
        private List<Integer> workers = List.of(2, 4, 8);
        private Set<Configuration.Kind> kinds = EnumSet.of(Configuration.Kind.SERIAL, Configuration.Kind.THREADS,
                Configuration.Kind.VIRTUAL_THREADS, Configuration.Kind.PROCESSES);
        private boolean kindsChosen;
        private int repeats = 3;
        private int warmups = 1;
        private double serialSeconds = 1.4;
        private int factorizeCount = FinalExample.SEED_COUNT;
        private long factorizeStart = FinalExample.SEED_START;
        private long primesUpTo = 600_000;
        private long integrationSteps = 10_000_000;
        private int ioRequests = 100;
        private Duration ioLatency = Duration.ofMillis(20);
        private int items = 5_000;
        private int pipelineItems = 100_000;
        private boolean python;
        private String pythonCommand = "python3";
        private int pythonRepeats = 3;
        private List<Integer> pythonWorkers;
        private Path reportDirectory = Path.of("lab-report");
        private String clusterAddress;
        private String command = "mp4j lab";

        private Builder() {
        }

        public Builder experiment(String name) {
            if (name == null || name.isBlank()) {
                throw new LabUsageException("an experiment name is empty");
            }
            experiments.add(name.strip());
            return this;
        }

        public Builder workers(List<Integer> counts) {
            if (counts == null || counts.isEmpty()) {
                throw new LabUsageException("--workers needs at least one count, e.g. --workers 2,4,8");
            }
            for (Integer count : counts) {
                if (count == null || count < 1 || count > 256) {
                    throw new LabUsageException("--workers: each count must be between 1 and 256, got " + count);
                }
            }
            this.workers = List.copyOf(new LinkedHashSet<>(counts));
            return this;
        }

        public Builder kinds(Set<Configuration.Kind> kinds) {
            if (kinds == null || kinds.isEmpty()) {
                throw new LabUsageException("--engines needs at least one engine: serial, threads, virtual, processes, cluster");
            }
            this.kinds = EnumSet.copyOf(kinds);
            this.kindsChosen = true;
            return this;
        }

        public Builder repeats(int repeats) {
            this.repeats = positive("--repeats", repeats, 100);
            return this;
        }

        public Builder warmups(int warmups) {
            if (warmups < 0 || warmups > 10) {
                throw new LabUsageException("--warmups must be between 0 and 10, got " + warmups);
            }
            this.warmups = warmups;
            return this;
        }

        /** What the calibration sizes each serial run to, in seconds (0.05 to 60); 0 keeps the seed's sizes. */
        public Builder serialSeconds(double seconds) {
            if (Double.isNaN(seconds) || seconds != 0 && (seconds < 0.05 || seconds > 60)) {
                throw new LabUsageException("--serial-seconds must be 0 (keep the seed's sizes) or between 0.05 and 60, got "
                        + seconds);
            }
            this.serialSeconds = seconds;
            return this;
        }

        public Builder factorizeCount(int count) {
            this.factorizeCount = positive("--count", count, 10_000_000);
            return this;
        }

        public Builder factorizeStart(long start) {
            if (start < 2) {
                throw new LabUsageException("--start must be at least 2, got " + start);
            }
            this.factorizeStart = start;
            return this;
        }

        public Builder primesUpTo(long upTo) {
            if (upTo <= 100_000 || upTo > 100_000_000) {
                throw new LabUsageException("--primes-up-to must be above 100000 and at most 100000000, got " + upTo);
            }
            this.primesUpTo = upTo;
            return this;
        }

        public Builder integrationSteps(long steps) {
            if (steps < 1000 || steps > 100_000_000_000L) {
                throw new LabUsageException("--steps must be between 1000 and 100000000000, got " + steps);
            }
            this.integrationSteps = steps;
            return this;
        }

        public Builder ioRequests(int requests) {
            this.ioRequests = positive("--requests", requests, 1_000_000);
            return this;
        }

        public Builder ioLatency(Duration latency) {
            if (latency == null || latency.isNegative() || latency.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new LabUsageException("--latency must be between 0 and 10 s, got " + latency);
            }
            this.ioLatency = latency;
            return this;
        }

        public Builder items(int items) {
            this.items = positive("--items", items, 100_000_000);
            return this;
        }

        public Builder pipelineItems(int items) {
            this.pipelineItems = positive("--pipeline-items", items, 100_000_000);
            return this;
        }

        public Builder python(boolean python) {
            this.python = python;
            return this;
        }

        public Builder pythonCommand(String command) {
            if (command == null || command.isBlank()) {
                throw new LabUsageException("--python-command is empty");
            }
            this.pythonCommand = command;
            return this;
        }

        public Builder pythonRepeats(int repeats) {
            this.pythonRepeats = positive("--python-repeats", repeats, 100);
            return this;
        }

        /** The worker counts of CPython's CPU-bound runs; default: those of {@link #workers} up to the core count (at least 2). */
        public Builder pythonWorkers(List<Integer> counts) {
            if (counts == null || counts.isEmpty()) {
                throw new LabUsageException("--python-workers needs at least one count, e.g. --python-workers 2,4");
            }
            for (Integer count : counts) {
                if (count == null || count < 1 || count > 256) {
                    throw new LabUsageException("--python-workers: each count must be between 1 and 256, got " + count);
                }
            }
            this.pythonWorkers = List.copyOf(new LinkedHashSet<>(counts));
            return this;
        }

        public Builder reportDirectory(Path directory) {
            if (directory == null) {
                throw new LabUsageException("--report needs a directory");
            }
            this.reportDirectory = directory;
            return this;
        }

        /** Adds the cluster engine, on the Redis server at this address (redis://host:port). */
        public Builder clusterAddress(String address) {
            if (address == null || !(address.startsWith("redis://") || address.startsWith("rediss://"))) {
                throw new LabUsageException("--redis must look like redis://host:port, got " + redactPassword(address));
            }
            this.clusterAddress = address;
            return this;
        }

        /** The command line as the report shows it: a Redis password in it is replaced by {@code ***}. */
        public Builder command(String command) {
            this.command = redactPassword(command);
            return this;
        }

        private static int positive(String option, int value, int max) {
            if (value < 1 || value > max) {
                throw new LabUsageException(option + " must be between 1 and " + max + ", got " + value);
            }
            return value;
        }

        public LabOptions build() {
            Set<Configuration.Kind> chosen = EnumSet.copyOf(kinds);
            if (clusterAddress != null && !kindsChosen) {
                chosen.add(Configuration.Kind.CLUSTER);
            }
            if (chosen.contains(Configuration.Kind.CLUSTER) && clusterAddress == null) {
                throw new LabUsageException("the cluster engine needs a Redis server: pass --redis redis://host:port");
            }
            return new LabOptions(experiments, workers, chosen, repeats, warmups, serialSeconds, factorizeCount, factorizeStart,
                    primesUpTo, integrationSteps, ioRequests, ioLatency, items, pipelineItems, python, pythonCommand,
                    pythonRepeats, pythonWorkers == null ? cappedAtCores(workers) : pythonWorkers, reportDirectory,
                    clusterAddress, command);
        }

        /** The counts up to the core count (at least 2): CPython's CPU-bound runs beyond it only wait for a core. */
        static List<Integer> cappedAtCores(List<Integer> counts) {
            int cap = Math.max(2, Runtime.getRuntime().availableProcessors());
            List<Integer> capped = counts.stream().filter(c -> c <= cap).toList();
            return capped.isEmpty() ? List.of(counts.stream().min(Integer::compare).orElse(2)) : capped;
        }
    }
}
