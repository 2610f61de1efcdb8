package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.WorkerDiedException;
import dev.mp4j.queue.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak: volume with faults, every result counted exactly once. Tagged {@code soak}: left out of
 * {@code ./mp4j test}, run by {@code ./mp4j test --soak}. Figures go to
 * {@code bench/results/soak.md} and {@code soak.json} (property {@code mp4j.soak.results}).
 */
@Tag("soak")
class SoakTest {
    private static final Map<String, Map<String, Object>> FIGURES = new LinkedHashMap<>();

    /**
     * 1,000,000 map tasks through a pool of 2 worker JVMs while a killer SIGKILLs a random worker
     * 20 times (-Dmp4j.soak.kills) at random points of the run. A batch whose worker died fails as a whole (WorkerDiedException) and is
     * submitted again, so each result reaches the caller exactly once.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aMillionTasksThroughAPoolWhileWorkersAreKilledAtRandom() throws Exception {
        int tasks = Integer.getInteger("mp4j.soak.tasks", 1_000_000);
        int batch = 1000;
        int plannedKills = Integer.getInteger("mp4j.soak.kills", 20);
        java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
        AtomicIntegerArray delivered = new AtomicIntegerArray(tasks);
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger failedBatches = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(64);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        try (Pool pool = Pool.create(2)) {
            // kills spread over the run by progress, not by time, so a fast or a loaded machine gets them all
            int[] thresholds = new Random(7).ints(plannedKills, 0, tasks * 9 / 10).sorted().toArray();
            Thread killer = Thread.ofPlatform().daemon().name("soak-killer").start(() -> {
                Random random = new Random(11);
                int next = 0;
                while (!done.get() && next < thresholds.length) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    if (completed.get() < thresholds[next]) {
                        continue;
                    }
                    List<Long> workers = pool.workerPids();
                    if (!workers.isEmpty() && ProcessHandle.of(workers.get(random.nextInt(workers.size())))
                            .map(ProcessHandle::destroyForcibly).orElse(false)) {
                        kills.incrementAndGet();
                        next++;
                    }
                }
            });
            AtomicInteger outstanding = new AtomicInteger(tasks / batch);
            Object finished = new Object();
            for (int from = 0; from < tasks; from += batch) {
                submit(pool, from, Math.min(batch, tasks - from), delivered, completed, failedBatches, inFlight, unexpected,
                        outstanding, finished);
            }
            synchronized (finished) {
                while (outstanding.get() > 0) {
                    finished.wait(1000);
                }
            }
            killer.join(Duration.ofMinutes(5));
            done.set(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(unexpected).as("failures other than a killed worker").isEmpty();
        for (int i = 0; i < tasks; i++) {
            if (delivered.get(i) != 1) {
                throw new AssertionError("task " + i + " was delivered " + delivered.get(i) + " times");
            }
        }
        assertThat(kills.get()).as("workers killed").isEqualTo(plannedKills);
        assertThat(failedBatches.get()).as("batches caught by a kill and resubmitted").isPositive();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tasks", tasks);
        figures.put("load_average_after", "\"" + loadAverage() + "\"");
        figures.put("workers", 2);
        figures.put("worker_kills", kills.get());
        figures.put("batches_resubmitted", failedBatches.get());
        figures.put("duration_s", round(seconds));
        figures.put("tasks_per_s", Math.round(tasks / seconds));
        figures.put("delivered_exactly_once", true);
        FIGURES.put("pool_1m_tasks_random_kills", figures);
    }

    private static void submit(Pool pool, int from, int count, AtomicIntegerArray delivered,
                               java.util.concurrent.atomic.AtomicLong completed, AtomicInteger failedBatches,
                               Semaphore inFlight, ConcurrentLinkedQueue<Throwable> unexpected, AtomicInteger outstanding,
                               Object finished) throws InterruptedException {
        inFlight.acquire();
        List<Integer> items = IntStream.range(from, from + count).boxed().toList();
        AsyncResult<List<Integer>> result = pool.mapAsync(x -> x, items, MapOptions.defaults().withChunksize(100));
        result.whenComplete((values, failure) -> {
            inFlight.release();
            if (failure == null) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != from + i) {
                        unexpected.add(new AssertionError("batch " + from + " item " + i + " is " + values.get(i)));
                    }
                    delivered.incrementAndGet(values.get(i));
                }
                completed.addAndGet(values.size());
                if (outstanding.decrementAndGet() == 0) {
                    synchronized (finished) {
                        finished.notifyAll();
                    }
                }
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (!(cause instanceof WorkerDiedException)) {
                unexpected.add(cause);
                outstanding.decrementAndGet();
                return;
            }
            failedBatches.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    submit(pool, from, count, delivered, completed, failedBatches, inFlight, unexpected, outstanding, finished);
                } catch (InterruptedException e) {
                    unexpected.add(e);
                }
            });
        });
    }

    /**
     * 10,000,000 messages through one queue from 2 producer processes to 2 consumer processes. Each
     * consumer records what it got in a bit set; together they must hold every message once.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void tenMillionMessagesThroughOneQueueAcrossFourProcesses() throws Exception {
        int messages = Integer.getInteger("mp4j.soak.messages", 10_000_000);
        Path dir = Files.createTempDirectory("mp4j-soak");
        Queue<Integer> queue = Queue.create(0, 4 * 1024 * 1024);
        List<Process> producers = new ArrayList<>();
        List<Process> consumers = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int c = 0; c < 2; c++) {
                String out = dir.resolve("consumer-" + c).toString();
                consumers.add(Process.of(() -> consume(queue, out)));
            }
            for (int p = 0; p < 2; p++) {
                int first = p;
                producers.add(Process.of(() -> {
                    try {
                        for (int m = first; m < messages; m += 2) {
                            queue.put(m);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            consumers.forEach(Process::start);
            producers.forEach(Process::start);
            for (Process p : producers) {
                assertThat(p.join(Duration.ofMinutes(20))).isTrue();
                assertThat(p.exitCode()).hasValue(0);
            }
            queue.put(-1);
            queue.put(-1);
            for (Process c : consumers) {
                assertThat(c.join(Duration.ofMinutes(20))).isTrue();
                assertThat(c.exitCode()).hasValue(0);
            }
        } finally {
            for (Process p : producers) {
                if (p.isAlive()) {
                    p.kill();
                }
            }
            for (Process c : consumers) {
                if (c.isAlive()) {
                    c.kill();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        BitSet all = new BitSet(messages);
        long total = 0;
        for (int c = 0; c < 2; c++) {
            BitSet got = BitSet.valueOf(Files.readAllBytes(dir.resolve("consumer-" + c)));
            assertThat(Files.readString(dir.resolve("consumer-" + c + ".duplicates"))).as("duplicates seen by consumer %d", c)
                    .isEqualTo("0");
            BitSet overlap = (BitSet) got.clone();
            overlap.and(all);
            assertThat(overlap.cardinality()).as("messages both consumers got").isZero();
            all.or(got);
            total += got.cardinality();
        }
        assertThat(total).as("messages received").isEqualTo(messages);
        assertThat(all.nextClearBit(0)).as("first message never received").isEqualTo(messages);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages", messages);
        figures.put("load_average_after", "\"" + loadAverage() + "\"");
        figures.put("producers", 2);
        figures.put("consumers", 2);
        figures.put("duration_s", round(seconds));
        figures.put("msgs_per_s", Math.round(messages / seconds));
        figures.put("delivered_exactly_once", true);
        FIGURES.put("queue_10m_msgs_2x2_processes", figures);
    }

    private static void consume(Queue<Integer> queue, String out) {
        BitSet got = new BitSet();
        int duplicates = 0;
        try {
            while (true) {
                int m = queue.get();
                if (m < 0) {
                    break;
                }
                if (got.get(m)) {
                    duplicates++;
                }
                got.set(m);
            }
            Files.write(Path.of(out), got.toByteArray());
            Files.writeString(Path.of(out + ".duplicates"), Integer.toString(duplicates));
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 1/5/15-minute load averages: the figures mean little on a machine busy with other work. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    @AfterAll
    static void writeFigures() throws IOException {
        String where = System.getProperty("mp4j.soak.results");
        if (where == null || FIGURES.isEmpty()) {
            return;
        }
        Path dir = Path.of(where);
        Files.createDirectories(dir);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version()
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", load average at the end " + loadAverage();
        StringBuilder json = new StringBuilder("{\n  \"command\": \"./mp4j test --soak\",\n  \"date\": \"" + Instant.now()
                + "\",\n  \"machine\": \"" + machine + "\"");
        StringBuilder md = new StringBuilder("# Soak figures\n\nCommand: `./mp4j test --soak` (JUnit tag `soak`, not run in CI).  \n"
                + "Machine: " + machine + ".  \nDate: " + Instant.now() + ".\n\n"
                + "Every result was counted exactly once; faults are real SIGKILLs of worker JVMs. Durations include"
                + " starting the JVMs; the machine is shared, so read throughput together with the load average.\n");
        for (var entry : FIGURES.entrySet()) {
            json.append(",\n  \"").append(entry.getKey()).append("\": {");
            md.append("\n## ").append(entry.getKey()).append("\n\n| figure | value |\n|---|---|\n");
            String separator = "";
            for (var figure : entry.getValue().entrySet()) {
                Object value = figure.getValue();
                json.append(separator).append("\"").append(figure.getKey()).append("\": ").append(value);
                separator = ", ";
                md.append("| ").append(figure.getKey()).append(" | ").append(String.valueOf(value).replace("\"", "")).append(" |\n");
            }
            json.append("}");
        }
        json.append("\n}\n");
        Files.writeString(dir.resolve("soak.json"), json.toString());
        Files.writeString(dir.resolve("soak.md"), md.toString());
    }
}
