package dev.mp4j.lab.experiment;

import dev.mp4j.examples.FinalExample;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Final_example: factorize {@code count} odd numbers from {@code start} by trial
 * division. Threads and processes run the seed's own factorizers ({@link FinalExample}): one
 * contiguous chunk per thread, one child JVM per chunk with the results on a queue (its start-up is
 * part of the time, as it is for CPython). Virtual threads take one number each; the cluster maps
 * the numbers over its worker JVMs. The result is the sum of all factors; for the seed's 300 numbers
 * it must be 236620913152936.
 */
public final class Factorize implements Experiment {
    private final List<Long> numbers;
    private final int count;
    private final long start;
    private long expectedChecksum;

    public Factorize(LabOptions options) {
        this.count = options.factorizeCount();
        this.start = options.factorizeStart();
        this.numbers = FinalExample.numbers(start, count);
    }

    @Override
    public String name() {
        return "factorize";
    }

    @Override
    public String title() {
        return "Factorize " + count + " odd numbers from " + start;
    }

    @Override
    public String description() {
        return "The seed's Final_example: trial division of " + count + " odd numbers from " + start
                + ". Threads: one contiguous chunk per thread. Processes: one child JVM per chunk, results through a"
                + " Queue, start-up included. Virtual threads: one per number. Cluster: the numbers mapped on the worker JVMs in Python's default chunks. Result: the sum of all factors"
                + (isSeedWorkload() ? " (the seed's checksum " + FinalExample.SEED_CHECKSUM + ")." : ".");
    }

    private boolean isSeedWorkload() {
        return count == FinalExample.SEED_COUNT && start == FinalExample.SEED_START;
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public void prepare() {
        expectedChecksum = isSeedWorkload() ? FinalExample.SEED_CHECKSUM
                : FinalExample.checksum(FinalExample.serialFactorizer(numbers));
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines) throws Exception {
        Map<Long, List<Long>> factors = switch (configuration.kind()) {
            case SERIAL -> FinalExample.serialFactorizer(numbers);
            case THREADS -> FinalExample.threadedFactorizer(numbers, configuration.workers());
            case VIRTUAL_THREADS -> FinalExample.virtualThreadFactorizer(numbers, numbers.size());
            case PROCESSES -> FinalExample.mpFactorizer(numbers, configuration.workers());
            case CLUSTER -> {
                // Python's default chunksize: a network round trip per number would dominate
                int chunksize = Math.max(1, (int) Math.ceil(numbers.size() / (4.0 * configuration.workers())));
                List<List<Long>> lists = engines.map(configuration, FinalExample::factorizeNaive, numbers, chunksize);
                Map<Long, List<Long>> map = new HashMap<>();
                for (int i = 0; i < numbers.size(); i++) {
                    map.put(numbers.get(i), lists.get(i));
                }
                yield map;
            }
        };
        if (factors.size() != numbers.size()) {
            return "factorized " + factors.size() + " of " + numbers.size() + " numbers";
        }
        return Long.toString(FinalExample.checksum(factors));
    }

    @Override
    public void check(String runtime, Configuration configuration, String result) {
        if (!Long.toString(expectedChecksum).equals(result)) {
            throw new ResultMismatchException(name(), runtime, configuration.label(), Long.toString(expectedChecksum), result);
        }
    }

    @Override
    public List<String> pythonArguments() {
        return List.of(Integer.toString(count), Long.toString(start));
    }
}
