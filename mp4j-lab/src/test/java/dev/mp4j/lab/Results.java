package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.List;

/** Made-up but realistic results of a lab run on 2 cores, for tests of what the report derives from them. */
public final class Results {
    private Results() {
    }

    public static Measurement runs(Configuration c, String runtime, double... seconds) {
        List<Double> list = new ArrayList<>();
        for (double s : seconds) {
            list.add(s);
        }
        return Measurement.of(c, runtime, list, "42");
    }

    public static Measurement started(Configuration c, String runtime, double startup, double... seconds) {
        List<Double> list = new ArrayList<>();
        List<Double> startups = new ArrayList<>();
        for (double s : seconds) {
            list.add(s);
            startups.add(startup);
        }
        return new Measurement(c, runtime, list, startups, startups.stream().map(s -> 0.0).toList(), "42",
                Measurement.Remeasure.NONE);
    }

    /** Runs that start workers in {@code startup} seconds and stop them in {@code shutdown}. */
    public static Measurement stopped(Configuration c, String runtime, double startup, double shutdown, double... seconds) {
        Measurement m = started(c, runtime, startup, seconds);
        return new Measurement(c, runtime, m.seconds(), m.startupSeconds(), m.seconds().stream().map(s -> shutdown).toList(),
                "42", Measurement.Remeasure.NONE);
    }

    static Configuration threads(int n) {
        return new Configuration(Configuration.Kind.THREADS, n);
    }

    static Configuration processes(int n) {
        return new Configuration(Configuration.Kind.PROCESSES, n);
    }

    /** A report of these results, as a CPython run on a 2-core machine writes it. */
    public static LabReport report(ExperimentResult... results) {
        return new LabReport(new Machine(2, 1L << 34, "JDK 25", "Linux", "CPython 3.11.7"), "./mp4j lab --python",
                java.time.Instant.parse("2026-12-06T10:00:00Z"), java.time.Duration.ofSeconds(512),
                LabOptions.builder().python(true).build(), List.of(results), null, new MachineLoad(0.4, 1.9, 0.2),
                java.util.Map.of(), List.of());
    }

    /** factorize: threads reach the cores, processes pay their JVMs' start-up, CPython's threads stay at 1x. */
    public static ExperimentResult factorize(boolean flaggedThreads8) {
        String py = "CPython 3.11.7";
        List<Measurement> scaled = List.of(
                runs(Configuration.serial(), "mp4j", 1.41, 1.40, 1.43),
                started(threads(2), "mp4j", 0.004, 0.73, 0.72, 0.75),
                started(threads(4), "mp4j", 0.006, 0.75, 0.74, 0.77),
                started(threads(8), "mp4j", 0.01, flaggedThreads8 ? new double[] {0.55, 0.56, 0.57} : new double[] {0.79, 0.78, 0.80}),
                stopped(processes(2), "mp4j", 0.56, 0.08, 1.42, 1.40, 1.45),
                stopped(processes(4), "mp4j", 1.02, 0.12, 1.90, 1.88, 1.96),
                stopped(processes(8), "mp4j", 2.10, 0.21, 3.12, 3.08, 3.21),
                runs(Configuration.virtualThreads(), "mp4j", 0.72, 0.71, 0.74));
        List<Measurement> seed = List.of(
                runs(Configuration.serial(), "mp4j", 0.301, 0.299, 0.305),
                started(threads(2), "mp4j", 0.003, 0.161, 0.158, 0.166),
                started(processes(2), "mp4j", 0.55, 0.71, 0.70, 0.74));
        List<Measurement> python = List.of(
                runs(Configuration.serial(), py, 11.21, 11.02, 11.48),
                started(threads(2), py, 0.001, 11.40, 11.33, 11.62),
                started(processes(2), py, 0.012, 5.88, 5.81, 6.02));
        return new ExperimentResult("factorize", "Factorize 1400 odd numbers from 9999999999999", "the seed's Final_example",
                true, 2, new Calibration(1400 / 300.0, "300 odd numbers from 9999999999999", "1400 odd numbers from 9999999999999",
                0.30, 1.41, 1.4, "serial", "scaled to take about the target"), 0, 0, scaled, seed, python, true,
                new MachineLoad(0.41, 1.92, 0.3));
    }

    /** io: waiting overlaps, so threads pass the core count; CPython's threads too. */
    public static ExperimentResult io() {
        String py = "CPython 3.11.7";
        List<Measurement> scaled = List.of(
                runs(Configuration.serial(), "mp4j", 2.11, 2.10, 2.14),
                started(threads(2), "mp4j", 0.003, 1.06, 1.05, 1.08),
                started(threads(8), "mp4j", 0.004, 0.27, 0.27, 0.28),
                started(processes(8), "mp4j", 2.2, 2.5, 2.45, 2.61),
                runs(Configuration.virtualThreads(), "mp4j", 0.031, 0.030, 0.035));
        List<Measurement> python = List.of(
                runs(Configuration.serial(), py, 2.21, 2.20, 2.25),
                started(threads(2), py, 0.001, 1.12, 1.11, 1.13),
                started(threads(8), py, 0.002, 0.31, 0.30, 0.33),
                started(processes(8), py, 0.04, 0.35, 0.34, 0.37));
        return new ExperimentResult("io", "100 HTTP requests, 20 ms each", "fan-out", false, 2,
                new Calibration(1, "100 HTTP requests, 20 ms each", "100 HTTP requests, 20 ms each", Double.NaN, Double.NaN, 1.4,
                        "serial", "the seed's size: its time is set by its parameters, not by the machine"),
                0, 0, scaled, List.of(), python, true, new MachineLoad(1.2, 1.4, 0.0));
    }

    /** pipeline: a throughput, not a speedup. */
    public static ExperimentResult pipeline() {
        String py = "CPython 3.11.7";
        Configuration threads3 = threads(3);
        Configuration processes3 = processes(3);
        List<Measurement> scaled = List.of(
                runs(Configuration.serial(), "mp4j", 0.0031, 0.0030, 0.0033),
                started(threads3, "mp4j", 0.005, 0.71, 0.70, 0.74),
                runs(Configuration.virtualThreads(), "mp4j", 0.19, 0.18, 0.2),
                started(processes3, "mp4j", 0.61, 4.1, 4.0, 4.3));
        List<Measurement> seed = List.of(
                runs(Configuration.serial(), "mp4j", 0.00031, 0.00030, 0.00033),
                started(threads3, "mp4j", 0.004, 0.05, 0.05, 0.06),
                started(processes3, "mp4j", 0.58, 0.95, 0.93, 0.99));
        List<Measurement> python = List.of(
                runs(Configuration.serial(), py, 0.0072, 0.0070, 0.0075),
                started(threads3, py, 0.001, 0.27, 0.26, 0.29),
                started(processes3, py, 0.009, 1.47, 1.31, 1.51));
        return new ExperimentResult("pipeline", "3-stage pipeline, 1500000 items", "queues", false, 2,
                new Calibration(15, "100000 items", "1500000 items", 0.047, 0.71, 1.4, "threads 3", "scaled"),
                1_500_000, 100_000, scaled, seed, python, true, new MachineLoad(1.0, 1.1, 0.0));
    }
}
