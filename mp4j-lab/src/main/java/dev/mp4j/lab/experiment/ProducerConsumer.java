package dev.mp4j.lab.experiment;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.examples.FinalExample;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Producer/consumer with a bounded queue and a poison pill (the notebook and blog seeds): the main
 * thread puts {@code items} numbers on a queue of {@value #CAPACITY} slots, consumers factorize
 * them, and each consumer answers {count, sum of factors} on a result queue when it takes its pill.
 * Threads and virtual threads share an {@link ArrayBlockingQueue} (Python's {@code queue.Queue});
 * processes share an mp4j {@link Queue} (Python's {@code multiprocessing.Queue}). Every item must be
 * consumed exactly once: the counts and the sums are checked.
 */
public final class ProducerConsumer implements Experiment {
    static final int CAPACITY = 256;
    static final long FIRST_ITEM = 1_000_000_000L;
    static final long POISON_PILL = -1;

    private final int items;
    private final int virtualConsumers;
    private String expected;

    public ProducerConsumer(LabOptions options) {
        this(options.items(), options.workers().stream().mapToInt(Integer::intValue).max().orElse(8));
    }

    private ProducerConsumer(int items, int virtualConsumers) {
        this.items = items;
        this.virtualConsumers = virtualConsumers;
    }

    @Override
    public String name() {
        return "producer-consumer";
    }

    @Override
    public String title() {
        return "Producer/consumer, " + workload();
    }

    @Override
    public String workload() {
        return items + " items through a bounded queue";
    }

    @Override
    public long size() {
        return items;
    }

    @Override
    public ProducerConsumer scaled(double factor) {
        return new ProducerConsumer((int) Math.min(100_000_000, Math.max(1, Math.round(items * factor))), virtualConsumers);
    }

    @Override
    public long items() {
        return items;
    }

    @Override
    public String description() {
        return "One producer puts numbers on a queue of " + CAPACITY + " slots; N consumers factorize"
                + " them and stop on a poison pill. Threads: a java.util.concurrent queue; processes: an mp4j Queue"
                + " between child JVMs; the producer starts once every consumer is up (start-up timed apart); virtual"
                + " threads: " + virtualConsumers + " consumers. Checked: every item consumed exactly once.";
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations().stream().filter(c -> c.kind() != Configuration.Kind.CLUSTER).toList();
    }

    static long work(long item) {
        long sum = 0;
        for (long factor : FinalExample.factorizeNaive(item)) {
            sum += factor;
        }
        return sum;
    }

    @Override
    public double serialSecondsGuess() {
        return items * (0.22 / 20_000);
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return items * (4.5 / 20_000);
    }

    @Override
    public void prepare(String serialResult) {
        expected = serialResult != null ? serialResult : serial();
    }

    private String serial() {
        long sum = 0;
        for (int i = 0; i < items; i++) {
            sum += work(FIRST_ITEM + i);
        }
        return items + " items, factor sum " + sum;
    }

    /** A consumer: takes items until the pill, then answers {count, sum}. */
    static void consume(BlockingQueue<Long> tasks, BlockingQueue<long[]> results) throws InterruptedException {
        long count = 0;
        long sum = 0;
        while (true) {
            long item = tasks.take();
            if (item == POISON_PILL) {
                break;
            }
            sum += work(item);
            count++;
        }
        results.put(new long[] {count, sum});
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        if (configuration.kind() == Configuration.Kind.SERIAL) {
            return serial();
        }
        int consumers = configuration.kind() == Configuration.Kind.VIRTUAL_THREADS ? virtualConsumers : configuration.workers();
        Engine engine = switch (configuration.kind()) {
            case THREADS -> Engine.THREADS;
            case VIRTUAL_THREADS -> Engine.VIRTUAL_THREADS;
            case PROCESSES -> Engine.PROCESSES;
            default -> throw new IllegalArgumentException(configuration.label() + " does not run " + name());
        };
        boolean inThisJvm = engine.isInThisJvm();
        BlockingQueue<Long> tasks = inThisJvm ? new ArrayBlockingQueue<>(CAPACITY) : Queue.create(CAPACITY);
        BlockingQueue<long[]> results = inThisJvm ? new ArrayBlockingQueue<>(consumers) : Queue.create(consumers);
        List<Process> processes = new ArrayList<>();
        StartGate gate = engine == Engine.VIRTUAL_THREADS ? null : StartGate.create(consumers);
        try {
            for (int c = 0; c < consumers; c++) {
                Process consumer = Process.builder().engine(engine).name("consumer-" + c).target(() -> {
                    try {
                        if (gate != null) {
                            gate.arrive();
                        }
                        consume(tasks, results);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
                consumer.start();
                processes.add(consumer);
            }
            if (gate != null) {
                gate.awaitArrivals(clock, () -> Factorize.deadWorker(processes));
            }
            for (int i = 0; i < items; i++) {
                tasks.put(FIRST_ITEM + i);
            }
            for (int c = 0; c < consumers; c++) {
                tasks.put(POISON_PILL);
            }
            long count = 0;
            long sum = 0;
            for (int c = 0; c < consumers; c++) {
                long[] answer = results.take();
                count += answer[0];
                sum += answer[1];
            }
            clock.workDone();
            for (Process process : processes) {
                process.join();
            }
            return count + " items, factor sum " + sum;
        } finally {
            for (Process process : processes) {
                if (process.isAlive()) {
                    process.kill();
                }
            }
            if (tasks instanceof Queue<Long> queue) {
                queue.close();
            }
            if (results instanceof Queue<long[]> queue) {
                queue.close();
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
        return List.of(Integer.toString(items), Long.toString(FIRST_ITEM), Integer.toString(CAPACITY),
                Integer.toString(virtualConsumers));
    }
}
