package dev.mp4j.pool;

import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableRunnable;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * concurrent.futures' {@code Executor} over a {@link Pool}: what {@link ProcessPoolExecutor} and
 * {@link ThreadPoolExecutor} create. {@code submit} returns an {@link AsyncResult} (Python's
 * {@code Future}: {@code result(timeout)} is {@link AsyncResult#get(Duration)}, {@code cancel},
 * {@code running}, {@code done} is {@code isDone}, {@code add_done_callback} is
 * {@code whenComplete}); {@link #map} returns results lazily, in order; {@link #close()} is
 * Python's {@code with} exit, {@code shutdown(wait=True)}.
 * <pre>{@code
 * try (PoolExecutor executor = ProcessPoolExecutor.create(4)) {
 *     AsyncResult<Integer> future = executor.submit(() -> 6 * 7);
 *     ResultIterator<Integer> squares = executor.map(x -> x * x, List.of(1, 2, 3), Duration.ofMinutes(1), 1);
 * }
 * }</pre>
 *
 * <p>Thread-safe, as the pool is.
 */
public final class PoolExecutor implements ExecutorService {
    private final Pool pool;

    private PoolExecutor(Pool pool) {
        this.pool = pool;
    }

    /**
     * An executor over {@code pool}, built with any {@link Pool.Builder} options; closing either
     * closes both.
     *
     * @param pool the pool that runs the calls
     * @return the executor
     * @throws NullPointerException when {@code pool} is null
     */
    public static PoolExecutor of(Pool pool) {
        return new PoolExecutor(Objects.requireNonNull(pool, "pool"));
    }

    /**
     * The pool behind this executor, for Python's {@code multiprocessing.Pool} calls.
     *
     * @return the pool given to {@link #of}
     */
    public Pool pool() {
        return pool;
    }

    /**
     * Runs {@code task} in a worker (Python's {@code submit(fn, *args)}; capture the arguments in
     * the lambda); as {@link Pool#applyAsync(SerializableCallable)}.
     *
     * @param <T>  the result's type
     * @param task what to run
     * @return the pending result (Python's {@code Future})
     * @throws java.util.concurrent.RejectedExecutionException when the executor was shut down
     * @throws BrokenPoolException when the pool is broken
     * @throws IllegalArgumentException when the task cannot be serialized for a child-JVM pool
     */
    public <T> AsyncResult<T> submit(SerializableCallable<T> task) {
        return pool.applyAsync(task);
    }

    /**
     * Runs {@code task} in a worker.
     *
     * @param task what to run
     * @return a result completed with null when the task ends
     * @throws java.util.concurrent.RejectedExecutionException when the executor was shut down
     * @throws BrokenPoolException when the pool is broken
     * @throws IllegalArgumentException when the task cannot be serialized for a child-JVM pool
     * @throws NullPointerException when {@code task} is null
     */
    public AsyncResult<?> submit(SerializableRunnable task) {
        Objects.requireNonNull(task, "task");
        return pool.applyAsync(() -> {
            task.run();
            return null;
        });
    }

    /**
     * As {@link Pool#submit(Callable)}.
     *
     * @param <T>  the result's type
     * @param task what to run; it must implement {@link java.io.Serializable} on a child-JVM pool
     * @return the pending result
     */
    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /**
     * As {@link Pool#submit(Runnable)}.
     *
     * @param task what to run; it must implement {@link java.io.Serializable} on a child-JVM pool
     * @return a result completed with null when the task ends
     */
    @Override
    public AsyncResult<?> submit(Runnable task) {
        return pool.submit(task);
    }

    /**
     * As {@link Pool#submit(Runnable, Object)}.
     *
     * @param <T>    the result's type
     * @param task   what to run; it must implement {@link java.io.Serializable} on a child-JVM pool
     * @param result the value to complete with
     * @return the pending result
     */
    @Override
    public <T> AsyncResult<T> submit(Runnable task, T result) {
        return pool.submit(task, result);
    }

    /**
     * As {@link Pool#execute(Runnable)}.
     *
     * @param command what to run; it must implement {@link java.io.Serializable} on a child-JVM pool
     */
    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /**
     * {@link #map(SerializableFunction, Iterable, Duration, int)} with no timeout and chunksize 1
     * (Python's {@code Executor.map(fn, iterable)}).
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read lazily on a pool thread
     * @return the results in item order, as they come
     * @throws java.util.concurrent.RejectedExecutionException when the executor was shut down
     * @throws BrokenPoolException when the pool is broken
     */
    public <T, R> ResultIterator<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return map(function, items, null, 1);
    }

    /**
     * Python's {@code Executor.map(fn, items, timeout=, chunksize=)}: the results in item order,
     * lazily. The input is read ahead of the consumer by at most {@link Pool#defaultReadAhead()}
     * chunks (Python 3.14's {@code buffersize}; Python's default reads all of it at once). A
     * result that failed is thrown by {@code next()} at its position and ends the iteration;
     * when {@code timeout}, counted from this call, passes before a result is ready,
     * {@code next()} throws a {@link java.util.concurrent.CompletionException} whose cause is a
     * {@link TimeoutException}. Either way, and on {@link ResultIterator#close()}, the chunks no
     * worker has taken are cancelled.
     *
     * @param <T>       the items' type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param items     the input, read lazily on a pool thread
     * @param timeout   for the whole iteration, or null for none
     * @param chunksize items per task sent to a worker (Python's ThreadPoolExecutor ignores it; here it applies to every engine)
     * @return the results in item order, as they come
     * @throws IllegalArgumentException when {@code timeout} is negative or {@code chunksize} below 1
     * @throws java.util.concurrent.RejectedExecutionException when the executor was shut down
     * @throws BrokenPoolException when the pool is broken
     */
    public <T, R> ResultIterator<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, Duration timeout,
                                        int chunksize) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return pool.iterate(function, items, MapOptions.DEFAULTS.withChunksize(chunksize), true, timeout, true);
    }

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: accepts no new calls; with
     * {@code cancelFutures}, cancels every call no worker has taken (it fails with a
     * {@link java.util.concurrent.CancellationException}) and stops the open {@link #map}s'
     * reading; the running calls finish. With {@code wait}, returns once every worker has exited.
     *
     * @param wait          whether to wait for the workers to exit
     * @param cancelFutures whether to cancel the calls no worker has taken
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void shutdown(boolean wait, boolean cancelFutures) throws InterruptedException {
        pool.shutdown(cancelFutures);
        if (wait) {
            pool.join();
        }
    }

    /** Python's {@code shutdown(wait=False)}: as {@link Pool#shutdown()}. */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /**
     * As {@link Pool#shutdownNow()}: cancels what no worker has taken and kills the workers.
     *
     * @return an empty list: cancelled calls are reported through their results
     */
    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    /**
     * Whether the executor accepts no more calls.
     *
     * @return true after a shutdown
     */
    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    /**
     * Whether the executor has shut down and every worker has exited.
     *
     * @return true once nothing of it runs any more
     */
    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    /**
     * As {@link Pool#awaitTermination(long, TimeUnit)}.
     *
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return true when terminated, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /**
     * As {@link Pool#invokeAll(Collection)}.
     *
     * @param <T>   the results' type
     * @param tasks what to run
     * @return the completed futures, in the order of {@code tasks}
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return pool.invokeAll(tasks);
    }

    /**
     * As {@link Pool#invokeAll(Collection, long, TimeUnit)}.
     *
     * @param <T>     the results' type
     * @param tasks   what to run
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return the futures, each completed or cancelled
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return pool.invokeAll(tasks, timeout, unit);
    }

    /**
     * As {@link Pool#invokeAny(Collection)}.
     *
     * @param <T>   the result's type
     * @param tasks what to run, at least one
     * @return the first successful result
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws ExecutionException when every task failed
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return pool.invokeAny(tasks);
    }

    /**
     * As {@link Pool#invokeAny(Collection, long, TimeUnit)}.
     *
     * @param <T>     the result's type
     * @param tasks   what to run, at least one
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return the first successful result
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws ExecutionException when every task failed
     * @throws TimeoutException when no task succeeded in time
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return pool.invokeAny(tasks, timeout, unit);
    }

    /** Python's {@code with} exit: {@code shutdown(wait=True)}, as {@link ExecutorService#close()}. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PoolExecutor[" + pool + "]";
    }
}
