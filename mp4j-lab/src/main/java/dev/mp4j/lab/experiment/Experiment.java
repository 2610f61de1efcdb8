package dev.mp4j.lab.experiment;

import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.util.List;

/**
 * One of the seeds' experiments: a fixed amount of work that every {@link Configuration} does in
 * its own way, with a result the lab checks after every run.
 *
 * <p>Lifecycle: {@link #prepare()} once (computes the reference result, starts what the experiment
 * needs), then any number of {@link #run} calls from one thread, then {@link #close()}. A run whose
 * result {@link #check} rejects makes the lab refuse to report the experiment.
 */
public interface Experiment extends AutoCloseable {
    /** The name used on the command line, e.g. {@code factorize}. */
    String name();

    /** A short title for tables and charts. */
    String title();

    /** What is computed and how each engine does it, for the report. */
    String description();

    /** The configurations to run, in report order. */
    List<Configuration> configurations(LabOptions options);

    /** Computes or loads the reference result and starts what the runs need. */
    void prepare() throws Exception;

    /** One run of the work on {@code configuration}; returns its result in the form {@link #check} reads. */
    String run(Configuration configuration, EngineRunner engines) throws Exception;

    /**
     * Whether {@code result} (from mp4j or from the CPython twin) is right.
     *
     * @throws ResultMismatchException naming the expected and the actual result
     */
    void check(String runtime, Configuration configuration, String result);

    /** The experiment's arguments for the CPython twin script (after the experiment name and configuration). */
    List<String> pythonArguments();

    /** Whether the experiment's speedup is meant to grow with workers (false for I/O and pipelines). */
    default boolean cpuBound() {
        return true;
    }

    @Override
    default void close() throws Exception {
    }
}
