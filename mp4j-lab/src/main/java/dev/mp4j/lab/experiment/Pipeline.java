package dev.mp4j.lab.experiment;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A three-stage pipeline (the PyLadies and blog seeds' multistage pipelines): a generator stage
 * puts 0..n-1 on a bounded queue, a transform stage squares each modulo {@value #MODULUS} onto a
 * second queue, and a sink stage sums them; a poison pill flows through and ends each stage. The
 * work per item is tiny, so this measures what the queues cost between threads, virtual threads
 * and processes, against a plain loop. The sum is checked.
 */
public final class Pipeline implements Experiment {
    static final int CAPACITY = 1024;
    static final long MODULUS = 1_000_003;
    static final long POISON_PILL = -1;

    private final int items;
    private String expected;

    public Pipeline(LabOptions options) {
        this(options.pipelineItems());
    }

    private Pipeline(int items) {
        this.items = items;
    }

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String title() {
        return "3-stage pipeline, " + workload();
    }

    @Override
    public String workload() {
        return items + " items";
    }

    @Override
    public long size() {
        return items;
    }

    @Override
    public Pipeline scaled(double factor) {
        return new Pipeline((int) Math.min(100_000_000, Math.max(1, Math.round(items * factor))));
    }

    @Override
    public long items() {
        return items;
    }

    /**
     * The serial loop has no queues (a million items take milliseconds): the pipeline is sized by
     * the work of its processes run, the slowest queues, so that every engine's run is long enough
     * to measure and none takes long (by its threads run when processes do not run).
     */
    @Override
    public Configuration calibrationConfiguration(LabOptions options) {
        return new Configuration(options.kinds().contains(Configuration.Kind.PROCESSES) ? Configuration.Kind.PROCESSES
                : Configuration.Kind.THREADS, 3);
    }

    @Override
    public boolean throughput() {
        return true;
    }

    @Override
    public String description() {
        return "Generator -> square mod " + MODULUS + " -> sum, each stage its own thread, virtual thread or process,"
                + " connected by bounded queues of " + CAPACITY + " slots; a poison pill ends each stage; the generator"
                + " starts once all three stages are up (start-up timed apart). Light work per item: it measures what"
                + " the queues move, in items per second of work. Serial is one loop with no queues.";
    }

    @Override
    public boolean cpuBound() {
        return false;
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        List<Configuration> configurations = new ArrayList<>();
        for (Configuration.Kind kind : options.kinds()) {
            switch (kind) {
                case SERIAL -> configurations.add(Configuration.serial());
                case THREADS -> configurations.add(new Configuration(kind, 3));
                case VIRTUAL_THREADS -> configurations.add(Configuration.virtualThreads());
                case PROCESSES -> configurations.add(new Configuration(kind, 3));
                case CLUSTER -> {
                }
            }
        }
        configurations.sort(java.util.Comparator.comparing(Configuration::kind));
        return configurations;
    }

    static long transform(long item) {
        return item * item % MODULUS;
    }

    @Override
    public double serialSecondsGuess() {
        return items * 1.5e-6;
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return items * 1.45e-5;
    }

    @Override
    public void prepare(String serialResult) {
        expected = Long.toString(serialSum());
    }

    private long serialSum() {
        long sum = 0;
        for (long i = 0; i < items; i++) {
            sum += transform(i);
        }
        return sum;
    }

    static void generate(int items, BlockingQueue<Long> out) throws InterruptedException {
        for (long i = 0; i < items; i++) {
            out.put(i);
        }
        out.put(POISON_PILL);
    }

    static void square(BlockingQueue<Long> in, BlockingQueue<Long> out) throws InterruptedException {
        while (true) {
            long item = in.take();
            if (item == POISON_PILL) {
                out.put(POISON_PILL);
                return;
            }
            out.put(transform(item));
        }
    }

    static void sum(BlockingQueue<Long> in, BlockingQueue<Long> result) throws InterruptedException {
        long sum = 0;
        while (true) {
            long item = in.take();
            if (item == POISON_PILL) {
                result.put(sum);
                return;
            }
            sum += item;
        }
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        if (configuration.kind() == Configuration.Kind.SERIAL) {
            return Long.toString(serialSum());
        }
        Engine engine = switch (configuration.kind()) {
            case THREADS -> Engine.THREADS;
            case VIRTUAL_THREADS -> Engine.VIRTUAL_THREADS;
            case PROCESSES -> Engine.PROCESSES;
            default -> throw new IllegalArgumentException(configuration.label() + " does not run " + name());
        };
        boolean inThisJvm = engine.isInThisJvm();
        BlockingQueue<Long> first = inThisJvm ? new ArrayBlockingQueue<>(CAPACITY) : Queue.create(CAPACITY);
        BlockingQueue<Long> second = inThisJvm ? new ArrayBlockingQueue<>(CAPACITY) : Queue.create(CAPACITY);
        BlockingQueue<Long> result = inThisJvm ? new ArrayBlockingQueue<>(1) : Queue.create(1);
        int count = items;
        StartGate gate = engine == Engine.VIRTUAL_THREADS ? null : StartGate.create(3);
        List<Process> stages = List.of(
                Process.builder().engine(engine).name("generate").target(() -> {
                    try {
                        if (gate != null) {
                            gate.arriveAndAwaitOpen();
                        }
                        generate(count, first);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build(),
                Process.builder().engine(engine).name("square").target(() -> {
                    try {
                        if (gate != null) {
                            gate.arrive();
                        }
                        square(first, second);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build(),
                Process.builder().engine(engine).name("sum").target(() -> {
                    try {
                        if (gate != null) {
                            gate.arrive();
                        }
                        sum(second, result);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build());
        try {
            stages.forEach(Process::start);
            if (gate != null) {
                gate.awaitArrivals(clock, () -> Factorize.deadWorker(stages));
                gate.open();
            }
            long total = result.take();
            clock.workDone();
            for (Process stage : stages) {
                stage.join();
            }
            return Long.toString(total);
        } finally {
            for (Process stage : stages) {
                if (stage.isAlive()) {
                    stage.kill();
                }
            }
            for (BlockingQueue<Long> queue : List.of(first, second, result)) {
                if (queue instanceof Queue<Long> shared) {
                    shared.close();
                }
            }
        }
    }

    @Override
    public void check(String runtime, Configuration configuration, String result) {
        if (!expected.equals(result)) {
            throw new ResultMismatchException(name(), runtime, configuration.label(), expected, result);
        }
    }

    @Override
    public List<String> pythonArguments() {
        return List.of(Integer.toString(items), Integer.toString(CAPACITY), Long.toString(MODULUS));
    }
}
