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
 */
public final class PrimeSums implements Experiment {
    static final String SEED_EXAMPLE =
            "[[10, 17], [20, 77], [30, 129], [40, 197], [50, 328], [60, 440], [70, 568], [80, 791], [90, 963]]";

    private final long upTo;
    private final List<Long> inputs;
    private String expected;

    public PrimeSums(LabOptions options) {
        this.upTo = options.primesUpTo();
        this.inputs = SumPrimesAssignment.range(100_000, upTo, 100_000);
    }

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public String title() {
        return "Sum of primes below n, n in range(100000, " + upTo + ", 100000)";
    }

    @Override
    public String description() {
        return "The seed's assignment: " + inputs.size() + " tasks, the sum of the primes below n by trial division."
                + " Every engine maps the tasks one at a time (threads: a ThreadPool; processes: a Pool created for the"
                + " run; virtual threads: one per task). The seed's small-n output " + SEED_EXAMPLE
                + " is checked first; every run must return the same " + inputs.size() + " sums.";
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public void prepare() {
        List<Long> small = SumPrimesAssignment.range(10, 100, 10);
        String example = SumPrimesAssignment.pairs(small, small.stream().map(SumPrimesAssignment::sumPrimes).toList());
        if (!SEED_EXAMPLE.equals(example)) {
            throw new ResultMismatchException(name(), "mp4j", "serial", SEED_EXAMPLE, example);
        }
        expected = SumPrimesAssignment.pairs(inputs, inputs.stream().map(SumPrimesAssignment::sumPrimes).toList());
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines) throws Exception {
        return SumPrimesAssignment.pairs(inputs, engines.map(configuration, SumPrimesAssignment::sumPrimes, inputs, 1));
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
