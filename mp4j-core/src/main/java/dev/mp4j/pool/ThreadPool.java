package dev.mp4j.pool;

import dev.mp4j.Engine;

/**
 * Python's {@code multiprocessing.pool.ThreadPool}: a {@link Pool} whose workers are threads of
 * this JVM, with the identical API. Tasks need not be serializable.
 */
public final class ThreadPool {
    private ThreadPool() {
    }

    /** A pool of {@code threads} platform threads. */
    public static Pool create(int threads) {
        return Pool.builder().engine(Engine.THREADS).processes(threads).build();
    }

    /** A pool of {@code threads} virtual threads: for blocking I/O fan-out. */
    public static Pool virtual(int threads) {
        return Pool.builder().engine(Engine.VIRTUAL_THREADS).processes(threads).build();
    }

    /** A builder preset to {@link Engine#THREADS}. */
    public static Pool.Builder builder() {
        return Pool.builder().engine(Engine.THREADS);
    }
}
