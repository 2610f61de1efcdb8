package dev.mp4j.lab.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mp4j.examples.FinalExample;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.RemoteTaskException;
import dev.mp4j.pool.ThreadPool;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One batch of the isolation table: {@value #OTHERS} ordinary tasks and one failing task (the
 * third submitted) on a pool of 2 workers, every task with a {@link #TIMEOUT} timeout. Collects what
 * each caller got, then checks that the pool still takes work and, for a stuck task on an in-JVM
 * pool, that its thread still spins after the timeout.
 *
 * <p>{@link #main} runs a batch on a {@link ThreadPool} and is meant for a throwaway JVM (with
 * {@code -Xmx}{@value #HEAP_MB}{@code m}): a task that calls {@code System.exit} there ends that JVM,
 * not the lab. It prints {@code task N ok} as each ordinary task returns, then
 * {@code outcome {json}}. The process pool's batch runs in the lab's own JVM ({@link #runBatch}).
 */
public final class IsolationProbe {
    /** Ordinary tasks per batch. */
    public static final int OTHERS = 5;
    /** The failing task's per-task time limit (every task has it). */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The heap of the JVM or worker that runs a batch, in MB. */
    public static final int HEAP_MB = 128;
    /** How long a caller waits for the failing task beyond its timeout before calling it lost. */
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final int FAILING_INDEX = 2;
    private static final int WORKERS = 2;
    /** Counts the stuck loop's turns (in the JVM that runs it). */
    private static volatile long spins;

    private IsolationProbe() {
    }

    /** An ordinary task: factorize 40 numbers near 10^10 (milliseconds in Java, tens of them in CPython). */
    static long ordinary(int index) {
        long sum = 0;
        for (long n : FinalExample.numbers(10_000_000_001L + 200L * index, 40)) {
            for (long factor : FinalExample.factorizeNaive(n)) {
                sum += factor;
            }
        }
        return sum;
    }

    /** Calls {@code System.exit(3)}, as third-party code sometimes does. */
    static long exit() {
        System.exit(3);
        return -1;
    }

    /** Allocates 8 MB blocks and keeps them until the heap is exhausted. */
    static long exhaustHeap() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    /** Spins forever and ignores interrupts, as a stuck native or numeric loop does. */
    @SuppressWarnings("InfiniteLoopStatement")
    static long spin() {
        while (true) {
            spins++;
        }
    }

    static SerializableCallable<Long> failing(Failure failure) {
        return switch (failure) {
            case EXIT -> IsolationProbe::exit;
            case HEAP -> IsolationProbe::exhaustHeap;
            case STUCK -> IsolationProbe::spin;
        };
    }

    /**
     * Runs one batch on {@code pool} and closes nothing.
     *
     * @param progress told "task N ok" as each ordinary task returns (the parent of a throwaway JVM counts them)
     * @param inThisJvm whether the pool's workers are threads of this JVM (then a stuck task's spinning is observable)
     */
    static Outcome runBatch(Pool pool, Failure failure, boolean inThisJvm, PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        MapOptions options = MapOptions.defaults().withTimeout(TIMEOUT);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        AtomicInteger completed = new AtomicInteger();
        for (int i = 0; i <= OTHERS; i++) {
            int index = i;
            CompletableFuture<Long> future = i == FAILING_INDEX ? pool.applyAsync(failing(failure), options)
                    : pool.applyAsync(() -> ordinary(index), options);
            if (i != FAILING_INDEX) {
                future.thenRun(() -> {
                    completed.incrementAndGet();
                    if (progress != null) {
                        synchronized (progress) {
                            progress.println("task " + index + " ok");
                            progress.flush();
                        }
                    }
                });
            }
            futures.add(future);
        }
        long deadline = System.nanoTime() + TIMEOUT.plus(GRACE).toNanos();
        String failing = null;
        for (int i = 0; i <= OTHERS; i++) {
            String got = await(futures.get(i), deadline);
            if (i == FAILING_INDEX) {
                failing = got;
            }
        }
        Boolean stillRunning = null;
        if (failure == Failure.STUCK && inThisJvm) {
            long before = spins;
            Thread.sleep(300); // two readings of a counter: is the abandoned loop still turning?
            stillRunning = spins != before;
        }
        Boolean usable;
        try {
            usable = pool.applyAsync(() -> ordinary(99)).get(5, TimeUnit.SECONDS) == ordinary(99);
        } catch (ExecutionException | TimeoutException e) {
            usable = false;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(failing, completed.get(), OTHERS, usable, stillRunning, null, seconds);
    }

    /** What a caller got: "ok", an exception's name (and its remote cause), or "no answer within N s". */
    private static String await(CompletableFuture<Long> future, long deadline) throws InterruptedException {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "ok";
        } catch (TimeoutException e) {
            return "no answer within " + TIMEOUT.plus(GRACE).toSeconds() + " s";
        } catch (ExecutionException e) {
            return name(e.getCause());
        }
    }

    private static String name(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        if (failure instanceof RemoteTaskException remote && remote.getMessage() != null) {
            return name + " (" + firstLine(remote.getMessage()) + ")";
        }
        if (failure instanceof OutOfMemoryError) {
            return name + " (" + failure.getMessage() + ")";
        }
        return failure.getCause() != null && failure.getCause() != failure ? name + " (" + name(failure.getCause()) + ")" : name;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Runs one batch on a thread pool of 2 and prints its outcome; then exits, whatever still spins. */
    public static void main(String[] args) throws Exception {
        Failure failure = Failure.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        Pool pool = ThreadPool.create(WORKERS);
        Outcome outcome = runBatch(pool, failure, true, System.out);
        System.out.println("outcome " + new ObjectMapper().writeValueAsString(outcome));
        System.out.flush();
        pool.terminate();
        System.exit(0);
    }
}
