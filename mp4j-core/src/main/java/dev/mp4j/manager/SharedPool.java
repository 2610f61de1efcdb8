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
 * <p>The pool is terminated when its last proxy is released or the manager shuts down. A task's
 * exception is rethrown by the call that waits for it ({@code apply}, {@code map}, the iterators'
 * {@code next}), as the proxies rethrow server-side exceptions.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedPool {

    /**
     * Runs {@code task} on a worker and returns its result (Python's {@code apply}).
     *
     * @param <R>  the result's type
     * @param task what to run, serializable
     * @return the task's result
     */
    <R> R apply(SerializableCallable<R> task);

    /**
     * Submits {@code task}; the result stays in the server until asked for (Python's
     * {@code apply_async}).
     *
     * @param <R>  the result's type
     * @param task what to run, serializable
     * @return a proxy of the pending result
     */
    <R> SharedAsyncResult<R> applyAsync(SerializableCallable<R> task);

    /**
     * Python's {@code map}: applies {@code function} to every item on the workers.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply, serializable
     * @param items    the input, serializable
     * @return the results in the order of {@code items}
     */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items);

    /**
     * Python's {@code map(func, iterable, chunksize)}.
     *
     * @param <T>       the items' type
     * @param <R>       the results' type
     * @param function  what to apply, serializable
     * @param items     the input, serializable
     * @param chunksize the number of items sent to a worker as one task, at least 1
     * @return the results in the order of {@code items}
     */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<? extends T> items, int chunksize);

    /**
     * Python's {@code map_async}.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply, serializable
     * @param items    the input, serializable
     * @return a proxy of the pending list of results
     */
    <T, R> SharedAsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function, List<? extends T> items);

    /**
     * Python's {@code imap}: each {@code next()} is a call to the server.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply, serializable
     * @param items    the input, serializable
     * @return a proxy of the result iterator, in item order
     */
    <T, R> Iterator<R> imap(SerializableFunction<T, R> function, List<? extends T> items);

    /**
     * Python's {@code imap_unordered}.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply, serializable
     * @param items    the input, serializable
     * @return a proxy of the result iterator, in completion order
     */
    <T, R> Iterator<R> imapUnordered(SerializableFunction<T, R> function, List<? extends T> items);

    /**
     * The number of workers (Python's {@code _processes}).
     *
     * @return the number given to {@link Manager#pool}
     */
    int processes();

    /** Python's {@code close()}: no more tasks; those submitted run. */
    void close();

    /** Python's {@code terminate()}: stops the workers now. */
    void terminate();

    /**
     * Python's {@code join()}: waits for the workers to end after {@link #close()} or
     * {@link #terminate()}.
     *
     * @throws IllegalStateException when neither was called
     * @throws InterruptedException when the calling thread is interrupted while waiting for the
     *         answer (the call may still complete in the server)
     */
    void join() throws InterruptedException;
}
