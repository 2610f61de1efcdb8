package dev.mp4j.lab.experiment;

import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.util.List;

/**
 * One of the seeds' experiments at one size: a fixed amount of work that every
 * {@link Configuration} does in its own way, with a result the lab checks after every run.
 *
 * <p>The size given by the options is the seed's (what CPython runs, the "same work"
 * comparison); {@link #scaled} gives the same experiment at another size (what the lab's
 * calibration chooses so that every engine runs long enough to be measured, the "same time" runs).
 *
 * <p>Lifecycle: {@link #prepare} once (computes or takes the reference result, starts what the
 * experiment needs), then any number of {@link #run} calls from one thread, then {@link #close()}.
 * A calibrated experiment's {@link #calibrationConfiguration calibration configuration} also runs before {@code prepare}
 * (the calibration times candidate sizes that way). A run whose result {@link #check} rejects
 * makes the lab refuse to report the experiment.
 */
public interface Experiment extends AutoCloseable {
    /** The name used on the command line, e.g. {@code factorize}. */
    String name();

    /** A short title at this size for tables and charts. */
    String title();

    /** This size in a few words, e.g. "300 odd numbers from 9999999999999". */
    String workload();

    /** What is computed and how each engine does it, for the report. */
    String description();

    /** The configurations to run, in report order. */
    List<Configuration> configurations(LabOptions options);

    /** The experiment's size in its own unit (numbers, inputs, steps, requests, items): scaling multiplies it. */
    long size();

    /**
     * The same experiment at {@code factor} times this size, rounded to a whole size of at least 1;
     * a new, unprepared experiment that the caller closes.
     */
    Experiment scaled(double factor);

    /** How the calibration configuration's time grows with the size: time ~ size^exponent. */
    default double costExponent() {
        return 1;
    }

    /** Whether the lab sizes this experiment by timing it; false when its time is set by its parameters. */
    default boolean calibrated() {
        return true;
    }

    /** What the calibration times: serial, unless serial says nothing about the experiment. */
    default Configuration calibrationConfiguration(LabOptions options) {
        return Configuration.serial();
    }

    /** Whether the experiment is read as a throughput (items per second of work) rather than a speedup. */
    default boolean throughput() {
        return false;
    }

    /**
     * The calibration configuration's time at this size on mp4j, as measured on the project's
     * 2-core machine: used only to estimate how long the lab will take.
     */
    double serialSecondsGuess();

    /**
     * CPython's time of the calibration configuration at this size on the project's 2-core machine
     * (CPython 3.11): for the estimate only.
     */
    double pythonSerialSecondsGuess();

    /** Items that flow through the experiment, for a throughput (items/s); 0 when throughput means nothing. */
    default long items() {
        return 0;
    }

    /**
     * Computes or takes the reference result and starts what the runs need.
     *
     * @param serialResult the result of a serial run at this size when the caller has one (the
     *                     calibration's), or null; an experiment whose reference is a serial run
     *                     uses it instead of running again
     */
    void prepare(String serialResult) throws Exception;

    /**
     * One run of the work on {@code configuration}; returns its result in the form {@link #check}
     * reads. A run that starts workers marks {@code clock} when they are all up.
     */
    String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception;

    /**
     * Whether {@code result} (from mp4j or from the CPython twin) is right.
     *
     * @throws ResultMismatchException naming the expected and the actual result
     */
    void check(String runtime, Configuration configuration, String result);

    /** The experiment's arguments for the CPython twin script (after the experiment name and configuration). */
    List<String> pythonArguments();

    /** Whether the experiment's speedup is meant to grow with workers up to the core count (false for I/O and pipelines). */
    default boolean cpuBound() {
        return true;
    }

    @Override
    default void close() throws Exception {
    }
}
