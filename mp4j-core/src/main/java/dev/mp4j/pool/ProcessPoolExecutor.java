package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;

/**
 * Python's {@code concurrent.futures.ProcessPoolExecutor}: a {@link PoolExecutor} whose workers
 * are child JVMs. Python's keyword arguments map onto {@link Pool.Builder}:
 * {@code ProcessPoolExecutor(max_workers=4, initializer=f, max_tasks_per_child=10)} is
 * {@code PoolExecutor.of(Pool.builder().processes(4).initializer(f).maxTasksPerChild(10).build())};
 * CPython's semantics for a worker that dies ({@link BrokenPoolException}) are
 * {@link Pool.Builder#breakOnWorkerDeath(boolean)}.
 * <pre>{@code
 * try (PoolExecutor executor = ProcessPoolExecutor.create(2)) {
 *     AsyncResult<Long> pid = executor.submit(() -> ProcessHandle.current().pid());   // another JVM's pid
 * }
 * }</pre>
 */
public final class ProcessPoolExecutor {
    private ProcessPoolExecutor() {
    }

    /**
     * A started executor of {@code maxWorkers} worker JVMs (Python's
     * {@code ProcessPoolExecutor(max_workers)}).
     *
     * @param maxWorkers the number of worker JVMs, at least 1
     * @return the executor, which the caller closes
     * @throws IllegalArgumentException when {@code maxWorkers} is below 1
     */
    public static PoolExecutor create(int maxWorkers) {
        return PoolExecutor.of(Pool.builder().engine(Engine.PROCESSES).processes(maxWorkers).name("ProcessPoolExecutor").build());
    }

    /**
     * A started executor of {@link Multiprocessing#cpuCount()} worker JVMs (Python's
     * {@code ProcessPoolExecutor()} default).
     *
     * @return the executor, which the caller closes
     */
    public static PoolExecutor create() {
        return create(Multiprocessing.cpuCount());
    }
}
