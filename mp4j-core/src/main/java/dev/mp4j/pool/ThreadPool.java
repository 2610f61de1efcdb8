package dev.mp4j.pool;

import dev.mp4j.Engine;

/**
 * Python's {@code multiprocessing.pool.ThreadPool}: a {@link Pool} whose workers are threads of
 * this JVM, with the identical API. Tasks need not be serializable.
 */
public final class ThreadPool {
    private ThreadPool() {
    }

    /**
     * A started pool of {@code threads} platform threads (Python's {@code ThreadPool(processes)}).
     *
     * @param threads the number of workers, at least 1
     * @return the pool, which the caller closes
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static Pool create(int threads) {
        return Pool.builder().engine(Engine.THREADS).processes(threads).build();
    }

    /**
     * A started pool of {@code threads} virtual threads: for blocking I/O fan-out (mp4j's own).
     *
     * @param threads the number of workers, at least 1
     * @return the pool, which the caller closes
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static Pool virtual(int threads) {
        return Pool.builder().engine(Engine.VIRTUAL_THREADS).processes(threads).build();
    }

    /**
     * Pool options preset to {@link Engine#THREADS}.
     *
     * @return a new builder
     */
    public static Pool.Builder builder() {
        return Pool.builder().engine(Engine.THREADS);
    }
}
