package dev.mp4j.lab;

import dev.mp4j.lab.experiment.Experiment;

import java.util.List;

/**
 * How long the lab expects things to take, before measuring them: a run's time from its serial
 * time (or, for the pipeline, its threads time) and the engine, and an experiment's from the
 * experiments' guesses for the project's 2-core machine. The progress line replaces these
 * estimates with measurements as they come; the first line of a run and {@code --help} quote them.
 */
final class Estimates {
    /** What each child JVM adds to a run's start-up on the project's 2-core machine, seconds. */
    private static final double JVM_START = 0.35;
    /** The isolation table: throwaway JVMs, process pools, and CPython's batches (one waits 5 s for a lost task). */
    private static final double ISOLATION_MP4J = 14;
    private static final double ISOLATION_PYTHON = 10;

    private Estimates() {
    }

    /**
     * One run of {@code c} when the experiment's serial run takes {@code base} seconds (for a
     * throughput experiment: its processes run's work).
     *
     * @param cpython whether it is CPython's run (the GIL: its threads do not speed CPU work up)
     */
    static double run(Experiment experiment, Configuration c, double base, boolean cpython, int cores) {
        boolean cpu = experiment.cpuBound();
        int n = Math.max(1, c.workers());
        double startup = c.kind() != Configuration.Kind.PROCESSES ? 0 : cpython ? 0.01 * n : JVM_START * n;
        if (experiment.throughput()) {
            // base: the processes run's work; the queues between threads are some 5 times faster
            return switch (c.kind()) {
                case SERIAL -> base / 1000;
                case PROCESSES -> base + startup;
                default -> cpython ? base / 3 : base / 5;
            };
        }
        double share = switch (c.kind()) {
            case SERIAL -> 1;
            case THREADS -> cpython && cpu ? 1.05 : cpu ? 1.0 / Math.min(n, cores) : 1.0 / n;
            case VIRTUAL_THREADS -> cpu ? 1.0 / cores : 0.05;
            case PROCESSES, CLUSTER -> cpu ? 1.0 / Math.min(n, cores) : 1.0 / n;
        };
        return base * share + startup;
    }

    /** An experiment's whole cost before anything ran. */
    static double experiment(Experiment seed, LabOptions options, boolean python, int cores) {
        double seedMp4j = seed.serialSecondsGuess(); // of the calibration configuration
        boolean calibrates = seed.calibrated() && options.serialSeconds() > 0;
        double scaled = calibrates ? options.serialSeconds() : seedMp4j;
        double total = calibrates ? 2 * seedMp4j + 2 * options.serialSeconds() : 0;
        List<Configuration> configurations = seed.configurations(options);
        for (Configuration c : configurations) {
            total += (options.warmups() + options.repeats()) * run(seed, c, scaled, false, cores);
        }
        if (python) {
            for (Configuration c : Lab.pythonConfigurations(seed, configurations, options)) {
                total += options.pythonRepeats() * run(seed, c, seed.pythonSerialSecondsGuess(), true, cores);
                if (calibrates) {
                    total += options.repeats() * run(seed, c, seedMp4j, false, cores);
                }
            }
        }
        return total;
    }

    static double isolation(boolean python) {
        return ISOLATION_MP4J + (python ? ISOLATION_PYTHON : 0);
    }
}
