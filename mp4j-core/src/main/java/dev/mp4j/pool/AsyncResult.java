package dev.mp4j.pool;

import dev.mp4j.internal.pool.CallTicket;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous pool call (Python's {@code AsyncResult} and
 * {@code concurrent.futures.Future}), and a {@link CompletableFuture}: compose it, join it, or use
 * Python's {@link #ready()}, {@link #successful()}, {@link #running()} and {@link #get(Duration)}.
 *
 * <p>Cancellation follows concurrent.futures, not {@link java.util.concurrent.FutureTask}:
 * {@link #cancel(boolean)} succeeds only while the call is pending (no worker has taken it), and a
 * cancelled call never runs; a running call cannot be cancelled and delivers its result.
 * {@link #state()} is {@link java.util.concurrent.Future.State#RUNNING RUNNING} for every call
 * not yet completed, as {@code Future} defines it; {@link #running()} tells a call a worker has
 * taken from one still queued.
 *
 * <p>Completed exactly once, by the pool, from a pool thread; callbacks attached with the
 * {@code CompletableFuture} methods run on that thread unless an executor is given. The
 * {@code CompletableFuture} methods that derive a new future ({@code thenApply} ...) return plain
 * {@code CompletableFuture}s.
 *
 * @param <R> the type of the call's result
 */
public final class AsyncResult<R> extends CompletableFuture<R> {
    private final CallTicket call;
    /** Removable completion listeners of {@link Futures}; created on first use, guarded by {@code this}. */
    private ConcurrentLinkedQueue<Runnable> listeners;

    AsyncResult(CallTicket call) {
        this.call = call;
    }

    /**
     * Whether the call has completed, successfully or not (Python's {@code ready()}, and
     * concurrent.futures' {@code done()}).
     *
     * @return {@link #isDone()}
     */
    public boolean ready() {
        return isDone();
    }

    /**
     * Whether the call completed without an exception (Python's {@code successful()}).
     *
     * @return true for a result, false for an exception or a cancellation
     * @throws IllegalStateException if it has not completed yet (Python raises ValueError)
     */
    public boolean successful() {
        if (!isDone()) {
            throw new IllegalStateException("result is not ready: call successful() after ready() is true");
        }
        return !isCompletedExceptionally();
    }

    /**
     * True while a worker holds the call and it has not completed (concurrent.futures'
     * {@code Future.running()}): it can no longer be cancelled. A worker takes a call when it
     * starts it or, on {@link dev.mp4j.Engine#PROCESSES}, when it receives it to run next (a
     * worker JVM holds one call ahead of the one it runs, up to 256 when calls take well under a
     * millisecond), as CPython's {@code ProcessPoolExecutor} marks the calls in its call queue
     * running. For a {@code map}, true once any of its chunks was taken.
     *
     * @return true while a worker holds the call
     */
    public boolean running() {
        return !isDone() && call.isStarted();
    }

    /**
     * Cancels the call if no worker has taken it yet (concurrent.futures' {@code cancel()}): it
     * will never run, and this result completes with a {@link CancellationException}. Returns false when the call is {@link #running()} (it
     * runs to its end and delivers its result) or completed otherwise; true when it is cancelled,
     * now or before. A {@code map} is cancelled as a whole, only while none of its chunks was taken.
     *
     * @param mayInterruptIfRunning ignored: a running call is never interrupted
     *     ({@link Pool#terminate()} stops running calls)
     * @return true when the call is cancelled, false when it runs or completed otherwise
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!isDone() && !call.cancel()) {
            return false;
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * {@link java.util.concurrent.ExecutorService#invokeAll}'s and {@code invokeAny}'s
     * cancellation, which must leave every call done: a call no worker has taken never runs; a
     * running one runs on, and its result is dropped.
     */
    void abandon() {
        call.cancel();
        super.cancel(false);
    }

    /**
     * Waits at most {@code timeout} for the result (Python's {@code get(timeout)} and
     * concurrent.futures' {@code result(timeout)}). The call keeps running after a timeout.
     *
     * @param timeout how long to wait
     * @return the result
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws CancellationException when the call was cancelled
     * @throws TimeoutException when it is not ready in time (Python's multiprocessing.TimeoutError)
     * @throws ExecutionException when the call failed; its cause is the task's exception
     * @throws NullPointerException when {@code timeout} is null
     */
    public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The kind of future the dependent stages of this one are: a plain {@code CompletableFuture},
     * since only the pool completes an {@code AsyncResult}.
     *
     * @param <U> the type of the new future's value
     * @return a new, incomplete {@code CompletableFuture}
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /** Runs {@code listener} once, when this completes (at once if it has); see {@link #removeCompletionListener}. */
    void addCompletionListener(Runnable listener) {
        ConcurrentLinkedQueue<Runnable> queue;
        synchronized (this) {
            queue = listeners;
            if (queue == null) {
                queue = new ConcurrentLinkedQueue<>();
                listeners = queue;
                ConcurrentLinkedQueue<Runnable> fired = queue;
                whenComplete((value, error) -> {
                    Runnable next;
                    while ((next = fired.poll()) != null) {
                        next.run();
                    }
                });
            }
        }
        queue.add(listener);
        if (isDone() && queue.remove(listener)) { // completed while it was added: nobody else will run it
            listener.run();
        }
    }

    /** Forgets {@code listener}, unlike a {@code CompletableFuture} callback, which stays until completion. */
    void removeCompletionListener(Runnable listener) {
        ConcurrentLinkedQueue<Runnable> queue;
        synchronized (this) {
            queue = listeners;
        }
        if (queue != null) {
            queue.remove(listener);
        }
    }
}
