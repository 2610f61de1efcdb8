package dev.mp4j.manager;

import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;

import java.util.Iterator;
import java.util.List;

/**
 * A process pool held by a manager server ({@code manager.Pool(n)} in Python): its workers are
 * children of the server, and any process holding this proxy submits to them. Functions and items
 * must be serializable. {@link #applyAsync} and {@link #mapAsync} return proxies of the results held
 * in the server, {@link #imap} a proxy of the result iterator (Python's {@code method_to_typeid}).
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     SharedPool pool = manager.pool(2);
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));        // [1, 4, 9]
 *     SharedAsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
 *     r.get();                                                              // 42
 * }
 * }</pre>
 *
 * <p>The pool is terminated when its last proxy is released or the manager shuts down.
 */
public interface SharedPool {

    /** Runs {@code task} on a worker and returns its result (Python's {@code apply}). */
    <R> R apply(SerializableCallable<R> task);

    /** Submits {@code task}; the result stays in the server until asked for. */
    <R> SharedAsyncResult<R> applyAsync(SerializableCallable<R> task);

    /** Python's {@code map}: the results in the order of {@code items}. */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items);

    /** Python's {@code map(func, iterable, chunksize)}. */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items, int chunksize);

    /** Python's {@code map_async}. */
    <T, R> SharedAsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function, List<? extends T> items);

    /** Python's {@code imap}: each {@code next()} is a call to the server. */
    <T, R> Iterator<R> imap(SerializableFunction<T, R> function, List<? extends T> items);

    /** Python's {@code imap_unordered}. */
    <T, R> Iterator<R> imapUnordered(SerializableFunction<T, R> function, List<? extends T> items);

    /** The number of workers. */
    int processes();

    /** Python's {@code close()}: no more tasks; those submitted run. */
    void close();

    /** Python's {@code terminate()}: stops the workers now. */
    void terminate();

    /** Python's {@code join()}: waits for the workers to end after {@link #close()} or {@link #terminate()}. */
    void join() throws InterruptedException;
}
