package dev.mp4j.internal.manager;

import dev.mp4j.Engine;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.manager.SharedAsyncResult;
import dev.mp4j.manager.SharedPool;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;

import java.util.Iterator;
import java.util.List;

/** The server side of {@code manager.pool(n)}: a {@link Pool} of the server's, terminated when released. */
final class PoolTarget implements SharedPool, Releasable {
    private final Pool pool;

    PoolTarget(int processes, Engine engine) {
        this.pool = Pool.builder().engine(engine).processes(processes).name("ManagerPool").build();
    }

    @Override
    public <R> R apply(SerializableCallable<R> task) {
        return pool.apply(task);
    }

    @Override
    public <R> SharedAsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return new AsyncResultTarget<>(pool.applyAsync(task));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items) {
        return pool.map(function, items);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items, int chunksize) {
        return pool.map(function, items, chunksize);
    }

    @Override
    public <T, R> SharedAsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function, List<? extends T> items) {
        return new AsyncResultTarget<>(pool.mapAsync(function, items, MapOptions.defaults()));
    }

    @Override
    public <T, R> Iterator<R> imap(SerializableFunction<T, R> function, List<? extends T> items) {
        return pool.imap(function, items);
    }

    @Override
    public <T, R> Iterator<R> imapUnordered(SerializableFunction<T, R> function, List<? extends T> items) {
        return pool.imapUnordered(function, items);
    }

    @Override
    public int processes() {
        return pool.processes();
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public void terminate() {
        pool.terminate();
    }

    @Override
    public void join() throws InterruptedException {
        pool.join();
    }

    @Override
    public void release() {
        pool.terminate();
    }

    @Override
    public String toString() {
        return pool.toString();
    }
}
