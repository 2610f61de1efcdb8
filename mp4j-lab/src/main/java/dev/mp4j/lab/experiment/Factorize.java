package dev.mp4j.lab.experiment;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.examples.FinalExample;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Final_example: factorize {@code count} odd numbers from {@code start} by trial
 * division ({@link FinalExample#factorizeNaive}). Threads and processes run the seed's chunked
 * factorizers: one contiguous chunk per thread, one child JVM per chunk with its results on a
 * queue. Each of them first waits at a {@link StartGate} until all are up, so the start-up (a JVM
 * per process) and the work are timed apart. Virtual threads take one number each; the cluster maps
 * the numbers over its worker JVMs. The result is the sum of all factors; for the seed's 300
 * numbers it must be 236620913152936.
 */
public final class Factorize implements Experiment {
    private final List<Long> numbers;
    private final int count;
    private final long start;
    private long expectedChecksum;

    public Factorize(LabOptions options) {
        this(options.factorizeCount(), options.factorizeStart());
    }

    private Factorize(int count, long start) {
        this.count = count;
        this.start = start;
        this.numbers = FinalExample.numbers(start, count);
    }

    @Override
    public String name() {
        return "factorize";
    }

    @Override
    public String title() {
        return "Factorize " + workload();
    }

    @Override
    public String workload() {
        return count + " odd numbers from " + start;
    }

    @Override
    public String description() {
        return "The seed's Final_example: trial division of odd numbers from " + start + ". Threads: one contiguous"
                + " chunk per thread. Processes: one child JVM per chunk, results through a Queue. Each thread or"
                + " process waits at a start gate until all are up, so their start-up and the work are timed apart."
                + " Virtual threads: one per number. Cluster: the numbers mapped on the worker JVMs in Python's default"
                + " chunks. Result: the sum of all factors (for the seed's 300 numbers, its checksum "
                + FinalExample.SEED_CHECKSUM + ").";
    }

    private boolean isSeedWorkload() {
        return count == FinalExample.SEED_COUNT && start == FinalExample.SEED_START;
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public Factorize scaled(double factor) {
        return new Factorize((int) Math.min(10_000_000, Math.max(1, Math.round(count * factor))), start);
    }

    @Override
    public double serialSecondsGuess() {
        return count * (0.30 / 300);
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return count * (12.0 / 300);
    }

    @Override
    public void prepare(String serialResult) {
        if (isSeedWorkload()) {
            expectedChecksum = FinalExample.SEED_CHECKSUM;
        } else if (serialResult != null) {
            expectedChecksum = Long.parseLong(serialResult);
        } else {
            expectedChecksum = FinalExample.checksum(FinalExample.serialFactorizer(numbers));
        }
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        Map<Long, List<Long>> factors = switch (configuration.kind()) {
            case SERIAL -> FinalExample.serialFactorizer(numbers);
            case THREADS -> chunked(numbers, configuration.workers(), Engine.THREADS, clock);
            case VIRTUAL_THREADS -> FinalExample.virtualThreadFactorizer(numbers, numbers.size());
            case PROCESSES -> chunked(numbers, configuration.workers(), Engine.PROCESSES, clock);
            case CLUSTER -> {
                // Python's default chunksize: a network round trip per number would dominate
                int chunksize = Math.max(1, (int) Math.ceil(numbers.size() / (4.0 * configuration.workers())));
                List<List<Long>> lists = engines.map(configuration, FinalExample::factorizeNaive, numbers, chunksize, clock);
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

    /**
     * The seed's threaded_factorizer (threads) and mp_factorizer (processes: results through a
     * Queue), each worker first waiting at a start gate.
     */
    static Map<Long, List<Long>> chunked(List<Long> nums, int workers, Engine engine, PhaseClock clock)
            throws InterruptedException {
        int chunksize = (int) Math.ceil(nums.size() / (double) workers);
        StartGate gate = StartGate.create(workers);
        Map<Long, List<Long>> merged = new HashMap<>();
        List<Process> procs = new ArrayList<>();
        try (Queue<HashMap<Long, List<Long>>> outQueue = engine.isInThisJvm() ? null : Queue.create()) {
            List<Map<Long, List<Long>>> outs = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                List<Long> chunk = new ArrayList<>(nums.subList(Math.min(nums.size(), chunksize * i),
                        Math.min(nums.size(), chunksize * (i + 1))));
                HashMap<Long, List<Long>> outdict = new HashMap<>();
                outs.add(outdict);
                Process p = Process.builder().engine(engine).target(() -> {
                    try {
                        gate.arriveAndAwaitOpen();
                        HashMap<Long, List<Long>> out = outQueue == null ? outdict : new HashMap<>();
                        for (long n : chunk) {
                            out.put(n, FinalExample.factorizeNaive(n));
                        }
                        if (outQueue != null) {
                            outQueue.put(out);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
                procs.add(p);
                p.start();
            }
            gate.awaitArrivals(clock, () -> deadWorker(procs));
            gate.open();
            if (outQueue != null) {
                for (int i = 0; i < workers; i++) {
                    merged.putAll(outQueue.get());
                }
                clock.workDone();
            }
            for (Process p : procs) {
                p.join();
            }
            if (outQueue == null) {
                clock.workDone(); // a thread's results are in its map once it has ended
                outs.forEach(merged::putAll);
            }
            return merged;
        } finally {
            for (Process p : procs) {
                if (p.isAlive()) {
                    p.kill();
                }
            }
        }
    }

    /** A message naming a worker that ended, or null while all live. */
    static String deadWorker(List<Process> processes) {
        for (Process p : processes) {
            if (!p.isAlive() && p.exitCode().isPresent()) {
                return "worker " + p.name() + " ended with exit code " + p.exitCode().getAsInt();
            }
        }
        return null;
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
