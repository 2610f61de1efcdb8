package dev.mp4j.lab;

import dev.mp4j.lab.experiment.Experiment;
import dev.mp4j.lab.experiment.PhaseClock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How the lab sized an experiment's "same time" runs: it times the experiment's calibration
 * configuration (serial, for most: by its CPU time, see {@link #timer}) at the seed's size, scales
 * the size so that the run should take about {@code targetSeconds} (using the experiment's cost
 * exponent), times that, and corrects until the run takes between {@value #LOW} and {@value #HIGH}
 * times the target. The factor is bounded by {@link #MAX_FACTOR} both ways; a capped calibration
 * says so.
 *
 * @param factor         scaled size / seed size (1 when not scaled)
 * @param seedWorkload   the seed's size, in words
 * @param scaledWorkload the chosen size, in words
 * @param seedSeconds    the calibration configuration's time at the seed's size (NaN when not timed)
 * @param scaledSeconds  its time at the chosen size (NaN when not timed)
 * @param targetSeconds  what the calibration aimed at (0: the lab keeps the seed's sizes)
 * @param configuration  the configuration timed, e.g. "serial"
 * @param note           why the factor is what it is, for the report
 */
public record Calibration(double factor, String seedWorkload, String scaledWorkload, double seedSeconds,
                          double scaledSeconds, double targetSeconds, String configuration, String note) {
    /** The largest factor either way (x1000 or /1000). */
    public static final double MAX_FACTOR = 1000;
    static final double LOW = 0.8;
    static final double HIGH = 1.6;
    private static final int MAX_TRIES = 4;

    /** Times one run of an experiment's calibration configuration. */
    @FunctionalInterface
    public interface Timer {
        Timed time(Experiment experiment) throws Exception;
    }

    /** One run of the calibration configuration on a started clock, returning its result. */
    @FunctionalInterface
    public interface Run {
        String run(Experiment experiment, PhaseClock clock) throws Exception;
    }

    /**
     * The timer the lab calibrates with: for a serial configuration the CPU time of this thread
     * (what the machine's load does not change, so the chosen size does not depend on it); for
     * others, which run on several threads, the wall time of the work, without the start-up and
     * the shutdown that do not grow with the size.
     */
    public static Timer timer(Configuration configuration, Run run) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = configuration.kind() == Configuration.Kind.SERIAL && threads.isCurrentThreadCpuTimeSupported();
        return experiment -> {
            long used = cpu ? threads.getCurrentThreadCpuTime() : 0;
            PhaseClock clock = PhaseClock.start();
            String result = run.run(experiment, clock);
            clock.stop();
            if (cpu) {
                return new Timed((threads.getCurrentThreadCpuTime() - used) / 1e9, result);
            }
            double fixed = (Double.isNaN(clock.startupSeconds()) ? 0 : clock.startupSeconds())
                    + (Double.isNaN(clock.shutdownSeconds()) ? 0 : clock.shutdownSeconds());
            return new Timed(clock.seconds() - fixed, result);
        };
    }

    /** One timed run and its result. */
    public record Timed(double seconds, String result) {
    }

    /**
     * The outcome: the calibration, the experiment at the chosen size (the seed itself when the
     * factor is 1; otherwise a new one the caller closes) and the result of the last timed serial
     * run at that size (null when none ran).
     */
    public record Calibrated(Calibration calibration, Experiment experiment, String serialResult) {
    }

    public boolean scaled() {
        return factor != 1;
    }

    /** What the calibration's seconds are: the serial run's CPU time, or the work of a run on several threads. */
    public String timed() {
        return configuration.equals(Configuration.serial().label()) ? "of CPU time" : "of work";
    }

    /**
     * Sizes {@code seed}. Runs nothing when the experiment is not calibrated or {@code targetSeconds} is 0.
     *
     * @param configuration the configuration to time (the experiment's calibration configuration)
     * @param timer         times one run of it (the lab's times it and checks nothing: an unprepared
     *                      experiment has no reference yet)
     */
    public static Calibrated calibrate(Experiment seed, Configuration configuration, double targetSeconds, Timer timer)
            throws Exception {
        String on = configuration.label();
        if (targetSeconds <= 0) {
            return new Calibrated(new Calibration(1, seed.workload(), seed.workload(), Double.NaN, Double.NaN, 0, on,
                    "the seed's size (calibration off)"), seed, null);
        }
        if (!seed.calibrated()) {
            return new Calibrated(new Calibration(1, seed.workload(), seed.workload(), Double.NaN, Double.NaN, targetSeconds,
                    on, "the seed's size: its time is set by its parameters, not by the machine"), seed, null);
        }
        boolean serial = configuration.kind() == Configuration.Kind.SERIAL;
        timer.time(seed); // warm-up: the first run pays for class loading and the JIT
        Timed first = timer.time(seed);
        double low = LOW * targetSeconds;
        double high = HIGH * targetSeconds;
        if (first.seconds() >= low && first.seconds() <= high) {
            return new Calibrated(new Calibration(1, seed.workload(), seed.workload(), first.seconds(), first.seconds(),
                    targetSeconds, on, "the seed's size already takes about the target"), seed, serial ? first.result() : null);
        }
        double exponent = seed.costExponent();
        double factor = bound(Math.pow(targetSeconds / Math.max(first.seconds(), 1e-6), 1 / exponent));
        Experiment candidate = null;
        Timed timed = null;
        String note = null;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Experiment next = seed.scaled(round(seed.size(), factor));
            if (candidate != null && next.size() == candidate.size()) {
                next.close();
                note = "the size cannot change by a whole unit";
                break;
            }
            if (candidate != null) {
                candidate.close();
            }
            candidate = next;
            timed = timer.time(candidate);
            if (timed.seconds() >= low && timed.seconds() <= high) {
                break;
            }
            double corrected = bound(factor * Math.pow(targetSeconds / Math.max(timed.seconds(), 1e-6), 1 / exponent));
            if (corrected == factor) {
                note = "capped: the factor is bounded to x" + (long) MAX_FACTOR + " either way";
                break;
            }
            factor = corrected;
        }
        if (candidate.size() == seed.size()) {
            candidate.close();
            return new Calibrated(new Calibration(1, seed.workload(), seed.workload(), first.seconds(), timed.seconds(),
                    targetSeconds, on, "the seed's size is the closest to the target"), seed, null);
        }
        double actual = candidate.size() / (double) seed.size();
        if (note == null) {
            note = timed.seconds() >= low && timed.seconds() <= high ? "scaled to take about the target"
                    : "the closest size found in " + MAX_TRIES + " tries";
        }
        return new Calibrated(new Calibration(actual, seed.workload(), candidate.workload(), first.seconds(), timed.seconds(),
                targetSeconds, on, note), candidate, serial ? timed.result() : null);
    }

    private static double bound(double factor) {
        return Math.clamp(factor, 1 / MAX_FACTOR, MAX_FACTOR);
    }

    /** The factor that makes {@code size * factor} a round number (two significant digits), for readable sizes. */
    static double round(long size, double factor) {
        double target = size * factor;
        if (target < 100) {
            return factor;
        }
        double unit = Math.pow(10, Math.floor(Math.log10(target)) - 1);
        return Math.round(target / unit) * unit / size;
    }
}
