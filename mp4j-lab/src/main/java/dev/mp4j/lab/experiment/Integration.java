package dev.mp4j.lab.experiment;

import dev.mp4j.examples.IntegrateMain;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course seed's numeric integration of x^2 on [0, 10] with N left rectangles, the interval
 * split into one chunk per worker (the seed's {@code threading_integrate}); virtual threads get 64
 * chunks. The exact integral is 1000/3; a run is right when it is within the method's error bound
 * {@code (b - a)^2 * max f' / (2 N)} of it (plus rounding).
 */
public final class Integration implements Experiment {
    private static final double A = 0;
    private static final double B = 10;
    private static final int VIRTUAL_CHUNKS = 64;
    /** The seed's default N (integrate_main.py). */
    public static final long SEED_STEPS = 10_000_000;

    private final long steps;

    public Integration(LabOptions options) {
        this(options.integrationSteps());
    }

    private Integration(long steps) {
        this.steps = steps;
    }

    @Override
    public String name() {
        return "integrate";
    }

    @Override
    public String title() {
        return "Integral of x^2 on [0, 10], " + workload();
    }

    @Override
    public String workload() {
        return "N = " + steps;
    }

    @Override
    public String description() {
        return "The course seed's integrate(f, 0, 10, N) (its default N is " + SEED_STEPS + ") with N left rectangles,"
                + " split into one chunk per worker on a ThreadPool or a process Pool created for the run (its start-up"
                + " timed apart); virtual threads get " + VIRTUAL_CHUNKS + " chunks. Exact value 1000/3.";
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public long size() {
        return steps;
    }

    @Override
    public Integration scaled(double factor) {
        return new Integration(Math.min(100_000_000_000L, Math.max(1000, Math.round(steps * factor))));
    }

    @Override
    public double serialSecondsGuess() {
        return steps * 1.1e-9;
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return steps * 2.1e-7;
    }

    @Override
    public void prepare(String serialResult) {
    }

    /** One chunk of the integral: {@code [index, index + 1) / chunks} of the interval, its share of the steps. */
    record Chunk(int index, int chunks, long steps) implements java.io.Serializable {
        double integrate() {
            double width = (B - A) / chunks;
            double x0 = A + width * index;
            return IntegrateMain.integrate(x0, x0 + width, steps);
        }
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        int chunks = switch (configuration.kind()) {
            case SERIAL -> 1;
            case VIRTUAL_THREADS -> VIRTUAL_CHUNKS;
            default -> configuration.workers();
        };
        List<Chunk> work = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            work.add(new Chunk(i, chunks, steps / chunks));
        }
        double sum = 0;
        for (double part : engines.map(configuration, Chunk::integrate, work, 1, clock)) {
            sum += part;
        }
        return String.format(Locale.ROOT, "%.9f", sum);
    }

    @Override
    public void check(String runtime, Configuration configuration, String result) {
        double exact = 1000.0 / 3;
        double bound = (B - A) * (B - A) * 2 * B / (2.0 * (steps / 64)) + 1e-6;
        double value;
        try {
            value = Double.parseDouble(result);
        } catch (NumberFormatException e) {
            throw new ResultMismatchException(name(), runtime, configuration.label(), "a number", result);
        }
        if (Math.abs(value - exact) > bound) {
            throw new ResultMismatchException(name(), runtime, configuration.label(),
                    String.format(Locale.ROOT, "%.9f within %.2g", exact, bound), result);
        }
    }

    @Override
    public List<String> pythonArguments() {
        return List.of(Long.toString(steps));
    }
}
