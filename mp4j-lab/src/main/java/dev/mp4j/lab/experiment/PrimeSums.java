package dev.mp4j.lab.experiment;

import dev.mp4j.examples.SumPrimesAssignment;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.util.List;

/**
 * The seed's assignment: for each n in {@code range(100000, upTo, 100000)} the sum of the primes
 * below n, by trial division. Every engine maps {@link SumPrimesAssignment#sumPrimes} over the
 * inputs one at a time (the tasks grow with n, so chunks of one balance the load). Before any run
 * the seed's example output for {@code range(10, 100, 10)} is checked; every run must return the
 * reference list.
 *
 * <p>The size is the number of inputs; scaling extends the range. A task on n costs about
 * n^1.5, so the whole range costs about size^2.5.
 */
public final class PrimeSums implements Experiment {
    static final String SEED_EXAMPLE =
            "[[10, 17], [20, 77], [30, 129], [40, 197], [50, 328], [60, 440], [70, 568], [80, 791], [90, 963]]";
    static final long STEP = 100_000;
    /** The end of the seed's own range. */
    public static final long SEED_UP_TO = 2_500_000;

    private final long upTo;
    private final List<Long> inputs;
    private String expected;

    public PrimeSums(LabOptions options) {
        this(options.primesUpTo());
    }

    private PrimeSums(long upTo) {
        this.upTo = upTo;
        this.inputs = SumPrimesAssignment.range(STEP, upTo, STEP);
    }

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public String title() {
        return "Sum of primes below n, " + workload();
    }

    @Override
    public String workload() {
        return "n in range(100000, " + upTo + ", 100000)";
    }

    @Override
    public String description() {
        return "The seed's assignment (its range ends at " + SEED_UP_TO + "): the sum of the primes below n by trial"
                + " division, one task per n. Every engine maps the tasks one at a time (threads: a ThreadPool;"
                + " processes: a Pool created for the run, its start-up timed apart; virtual threads: one per task)."
                + " The seed's small-n output " + SEED_EXAMPLE + " is checked first; every run must return the"
                + " reference sums.";
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public long size() {
        return inputs.size();
    }

    @Override
    public PrimeSums scaled(double factor) {
        long count = Math.min(999, Math.max(1, Math.round(inputs.size() * factor)));
        return new PrimeSums(STEP * (count + 1));
    }

    @Override
    public double costExponent() {
        return 2.5;
    }

    @Override
    public double serialSecondsGuess() {
        return 0.00205 * Math.pow(inputs.size(), 2.5);
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return 0.034 * Math.pow(inputs.size(), 2.5);
    }

    @Override
    public void prepare(String serialResult) {
        List<Long> small = SumPrimesAssignment.range(10, 100, 10);
        String example = SumPrimesAssignment.pairs(small, small.stream().map(SumPrimesAssignment::sumPrimes).toList());
        if (!SEED_EXAMPLE.equals(example)) {
            throw new ResultMismatchException(name(), "mp4j", "serial", SEED_EXAMPLE, example);
        }
        expected = serialResult != null ? serialResult
                : SumPrimesAssignment.pairs(inputs, inputs.stream().map(SumPrimesAssignment::sumPrimes).toList());
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        return SumPrimesAssignment.pairs(inputs, engines.map(configuration, SumPrimesAssignment::sumPrimes, inputs, 1, clock));
    }

    @Override
    public void check(String runtime, Configuration configuration, String result) {
        if (!expected.equals(result)) {
            throw new ResultMismatchException(name(), runtime, configuration.label(), expected, result);
        }
    }

    @Override
    public List<String> pythonArguments() {
        return List.of(Long.toString(upTo));
    }
}
