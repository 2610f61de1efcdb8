package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;

/**
 * Python's {@code concurrent.futures.ThreadPoolExecutor}: a {@link PoolExecutor} whose workers
 * are threads of this JVM (tasks need not be serializable). Not to be confused with
 * {@link java.util.concurrent.ThreadPoolExecutor}, which this returns no instance of.
 * <pre>{@code
 * try (PoolExecutor executor = ThreadPoolExecutor.create(8)) {
 *     List<AsyncResult<Integer>> lengths = words.stream().map(w -> executor.submit(() -> w.length())).toList();
 *     for (AsyncResult<Integer> length : Futures.asCompleted(lengths)) {
 *         total += length.join();                                          // in completion order
 *     }
 * }
 * }</pre>
 */
public final class ThreadPoolExecutor {
    private ThreadPoolExecutor() {
    }

    /**
     * A started executor of {@code maxWorkers} platform threads (Python's
     * {@code ThreadPoolExecutor(max_workers)}).
     *
     * @param maxWorkers the number of threads, at least 1
     * @return the executor, which the caller closes
     * @throws IllegalArgumentException when {@code maxWorkers} is below 1
     */
    public static PoolExecutor create(int maxWorkers) {
        return PoolExecutor.of(Pool.builder().engine(Engine.THREADS).processes(maxWorkers).name("ThreadPoolExecutor").build());
    }

    /**
     * A started executor of {@code min(32, cpuCount + 4)} threads (Python's
     * {@code ThreadPoolExecutor()} default).
     *
     * @return the executor, which the caller closes
     */
    public static PoolExecutor create() {
        return create(Math.min(32, Multiprocessing.cpuCount() + 4));
    }
}
