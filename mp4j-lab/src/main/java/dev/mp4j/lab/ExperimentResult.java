package dev.mp4j.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The measurements of one experiment and what follows from them: speedup and efficiency against
 * serial, Amdahl's prediction, and the CPython twin's figures side by side.
 *
 * @param name        the experiment's command-line name
 * @param title       its title
 * @param description what was measured and how
 * @param cpuBound    whether speedup is expected to follow the worker count (Amdahl applies)
 * @param mp4j        mp4j's measurements, in report order
 * @param python      the CPython twin's measurements (empty when it did not run)
 * @param cores       the machine's cores, for Amdahl's law
 */
public record ExperimentResult(String name, String title, String description, boolean cpuBound,
                               List<Measurement> mp4j, List<Measurement> python, int cores) {
    public ExperimentResult {
        mp4j = List.copyOf(mp4j);
        python = List.copyOf(python);
    }

    /**
     * One line of the table.
     *
     * @param seconds        mp4j's median time
     * @param speedup        serial time / this time (NaN without a serial run)
     * @param efficiency     speedup / workers (NaN for virtual threads)
     * @param amdahl         Amdahl's predicted speedup (NaN when it does not apply)
     * @param pythonSeconds  CPython's median time (NaN when not run)
     * @param pythonSpeedup  CPython's serial time / its time
     * @param timesFaster    CPython's time / mp4j's time on the same configuration
     */
    public record Row(Configuration configuration, double seconds, double speedup, double efficiency, double amdahl,
                      double pythonSeconds, double pythonSpeedup, double timesFaster) {
    }

    public List<Row> rows() {
        double serial = serialSeconds(mp4j);
        double pythonSerial = serialSeconds(python);
        Map<Configuration.Kind, Double> parallelFractions = parallelFractions(serial);
        List<Row> rows = new ArrayList<>();
        for (Measurement measurement : mp4j) {
            Configuration configuration = measurement.configuration();
            double seconds = measurement.medianSeconds();
            double speedup = serial / seconds;
            double efficiency = switch (configuration.kind()) {
                case VIRTUAL_THREADS -> Double.NaN;
                default -> speedup / configuration.workers();
            };
            Double fraction = parallelFractions.get(configuration.kind());
            double amdahl = configuration.kind() == Configuration.Kind.SERIAL ? 1
                    : fraction == null ? Double.NaN : Amdahl.speedup(fraction, configuration.workers(), cores);
            double pythonSeconds = python(configuration).map(Measurement::medianSeconds).orElse(Double.NaN);
            rows.add(new Row(configuration, seconds, speedup, efficiency, cpuBound ? amdahl : Double.NaN,
                    pythonSeconds, pythonSerial / pythonSeconds, pythonSeconds / seconds));
        }
        return rows;
    }

    /** The parallel fraction Amdahl's law is drawn with, for a kind: estimated from its fewest-worker run. */
    public Map<Configuration.Kind, Double> parallelFractions(double serialSeconds) {
        Map<Configuration.Kind, Double> fractions = new TreeMap<>();
        if (!cpuBound || Double.isNaN(serialSeconds)) {
            return fractions;
        }
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES, Configuration.Kind.CLUSTER)) {
            mp4j.stream().filter(m -> m.configuration().kind() == kind && Math.min(m.configuration().workers(), cores) >= 2)
                    .min(Comparator.comparingInt(m -> m.configuration().workers()))
                    .ifPresent(m -> fractions.put(kind, Amdahl.parallelFraction(serialSeconds / m.medianSeconds(),
                            m.configuration().workers(), cores)));
        }
        return fractions;
    }

    public Optional<Measurement> python(Configuration configuration) {
        return python.stream().filter(m -> m.configuration().equals(configuration)).findFirst();
    }

    /** The serial median of mp4j, NaN when serial did not run. */
    public double serialSeconds() {
        return serialSeconds(mp4j);
    }

    private static double serialSeconds(List<Measurement> measurements) {
        return measurements.stream().filter(m -> m.configuration().kind() == Configuration.Kind.SERIAL)
                .findFirst().map(Measurement::medianSeconds).orElse(Double.NaN);
    }
}
