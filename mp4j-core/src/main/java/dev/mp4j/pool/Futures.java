package dev.mp4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * concurrent.futures' module functions {@code wait} and {@code as_completed}, for any
 * {@link Future}: {@link AsyncResult}s of any pool, other {@link CompletableFuture}s, and plain
 * futures such as an {@link java.util.concurrent.ExecutorService}'s.
 * <pre>{@code
 * List<AsyncResult<Integer>> calls = List.of(pool.applyAsync(() -> 1), pool.applyAsync(() -> 2));
 * Futures.DoneAndNotDone<AsyncResult<Integer>> first = Futures.wait(calls, Duration.ofSeconds(10), FIRST_COMPLETED);
 * for (AsyncResult<Integer> call : Futures.asCompleted(calls)) {
 *     call.join();                                     // in completion order
 * }
 * }</pre>
 *
 * <p>Completions are observed through callbacks: on an {@code AsyncResult} they are removed when
 * the wait ends; on another {@code CompletableFuture} one small callback per wait stays until it
 * completes. A future that is not a {@code CompletableFuture} has no callback: the waiting thread
 * polls it, every 100 us at first and every 10 ms at most. Nothing here starts a thread.
 */
public final class Futures {
    private Futures() {
    }

    /** When {@link #wait} returns (concurrent.futures' {@code return_when}). */
    public enum ReturnWhen {
        /** when any future completes or is cancelled */
        FIRST_COMPLETED,
        /** when any future completes with an exception (not a cancellation); else as ALL_COMPLETED */
        FIRST_EXCEPTION,
        /** when every future has completed or was cancelled */
        ALL_COMPLETED
    }

    /**
     * The outcome of {@link #wait}: the futures that completed (or were cancelled) and the others;
     * a future given twice is in one set once. Unmodifiable sets, in the order given
     * (concurrent.futures' {@code DoneAndNotDoneFutures} named tuple).
     *
     * @param <F>     the type of the futures
     * @param done    the futures that completed or were cancelled
     * @param notDone the others
     */
    public record DoneAndNotDone<F extends Future<?>>(Set<F> done, Set<F> notDone) {
        /** Copies both sets into unmodifiable sets that keep their order. */
        public DoneAndNotDone {
            done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
            notDone = Collections.unmodifiableSet(new LinkedHashSet<>(notDone));
        }
    }

    /**
     * {@link #wait(Collection, Duration, ReturnWhen)} with no time limit (concurrent.futures'
     * {@code wait(fs, return_when=...)}).
     *
     * @param <F>        the type of the futures
     * @param futures    the futures to watch
     * @param returnWhen when to return
     * @return the futures done and not done when it returned
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws NullPointerException when an argument is null
     */
    public static <F extends Future<?>> DoneAndNotDone<F> wait(Collection<? extends F> futures, ReturnWhen returnWhen)
            throws InterruptedException {
        return wait(futures, null, returnWhen);
    }

    /**
     * Waits until {@code returnWhen} holds or {@code timeout} has passed, and returns which futures
     * are done (concurrent.futures' {@code wait(fs, timeout, return_when)}). A timeout is not an
     * error: the futures still running are in {@link DoneAndNotDone#notDone()}.
     *
     * @param <F>        the type of the futures
     * @param futures    the futures to watch
     * @param timeout    at most this long; null for no limit; zero to look without waiting
     * @param returnWhen when to return
     * @return the futures done and not done when it returned
     * @throws IllegalArgumentException when {@code timeout} is negative
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws NullPointerException when {@code futures} or {@code returnWhen} is null
     */
    public static <F extends Future<?>> DoneAndNotDone<F> wait(Collection<? extends F> futures, Duration timeout,
                                                                ReturnWhen returnWhen) throws InterruptedException {
        Objects.requireNonNull(returnWhen, "returnWhen");
        Set<F> all = distinct(futures);
        long deadline = deadline(timeout);
        Set<F> done = new LinkedHashSet<>();
        for (F future : all) {
            if (future.isDone()) {
                done.add(future);
            }
        }
        if (!satisfied(returnWhen, done, all.size())) {
            List<F> pending = new ArrayList<>(all);
            pending.removeAll(done);
            try (Watch<F> watch = new Watch<>(pending)) {
                while (!satisfied(returnWhen, done, all.size())) {
                    F future = watch.next(timeout == null ? -1 : Math.max(0, deadline - System.nanoTime()));
                    if (future == null) {
                        break;
                    }
                    done.add(future);
                }
            }
        }
        Set<F> notDone = new LinkedHashSet<>();
        for (F future : all) {
            if (future.isDone()) {
                done.add(future);
            } else {
                notDone.add(future);
            }
        }
        Set<F> ordered = new LinkedHashSet<>(all);
        ordered.retainAll(done);
        return new DoneAndNotDone<>(ordered, notDone);
    }

    /**
     * {@link #asCompleted(Collection, Duration)} with no time limit (concurrent.futures'
     * {@code as_completed(fs)}).
     *
     * @param <F>     the type of the futures
     * @param futures the futures to watch
     * @return the futures in completion order, iterable once
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> futures) {
        return asCompleted(futures, null);
    }

    /**
     * The futures in the order they complete (concurrent.futures' {@code as_completed}): those
     * already done first, then each as it completes or is cancelled; a future given twice comes
     * once. Iterable once. {@code next()} blocks; when {@code timeout}, counted from this call,
     * passes first, it throws a {@link CompletionException} whose cause is a
     * {@link TimeoutException} saying how many futures are unfinished.
     *
     * @param <F>     the type of the futures
     * @param futures the futures to watch
     * @param timeout for all the futures together; null for no limit
     * @return the futures in completion order; iterating it a second time throws
     *         {@link IllegalStateException}
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> futures, Duration timeout) {
        Set<F> all = distinct(futures);
        long deadline = deadline(timeout);
        AtomicBoolean iterated = new AtomicBoolean();
        return () -> {
            if (!iterated.compareAndSet(false, true)) {
                throw new IllegalStateException("the Iterable of Futures.asCompleted can be iterated once; call asCompleted again");
            }
            return new CompletionOrder<>(all, timeout == null ? null : deadline);
        };
    }

    private static <F extends Future<?>> Set<F> distinct(Collection<? extends F> futures) {
        Objects.requireNonNull(futures, "futures");
        Set<F> all = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<F> ordered = new LinkedHashSet<>();
        for (F future : futures) {
            Objects.requireNonNull(future, "a future in futures");
            if (all.add(future)) {
                ordered.add(future);
            }
        }
        return ordered;
    }

    private static long deadline(Duration timeout) {
        if (timeout == null) {
            return 0;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    }

    private static boolean satisfied(ReturnWhen returnWhen, Set<? extends Future<?>> done, int all) {
        return switch (returnWhen) {
            case FIRST_COMPLETED -> !done.isEmpty() || all == 0;
            case FIRST_EXCEPTION -> done.size() == all || done.stream().anyMatch(f -> f.state() == Future.State.FAILED);
            case ALL_COMPLETED -> done.size() == all;
        };
    }

    private static final class CompletionOrder<F extends Future<?>> implements Iterator<F> {
        private final Iterator<F> alreadyDone;
        private final Watch<F> watch;
        private final Long deadline;
        private final int total;
        private int remaining;

        CompletionOrder(Set<F> all, Long deadline) {
            List<F> done = new ArrayList<>();
            List<F> pending = new ArrayList<>();
            for (F future : all) {
                (future.isDone() ? done : pending).add(future);
            }
            this.alreadyDone = done.iterator();
            this.watch = new Watch<>(pending);
            this.deadline = deadline;
            this.total = all.size();
            this.remaining = pending.size();
            if (remaining == 0) {
                watch.close();
            }
        }

        @Override
        public boolean hasNext() {
            return alreadyDone.hasNext() || remaining > 0;
        }

        @Override
        public F next() {
            if (alreadyDone.hasNext()) {
                return alreadyDone.next();
            }
            if (remaining == 0) {
                throw new NoSuchElementException("every future has been returned");
            }
            F future;
            try {
                future = watch.next(deadline == null ? -1 : Math.max(0, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            if (future == null) {
                watch.close();
                throw new CompletionException(new TimeoutException(remaining + " (of " + total + ") futures unfinished"));
            }
            if (--remaining == 0) {
                watch.close();
            }
            return future;
        }
    }

    /**
     * Observes the completion of pending futures, each reported once by {@link #next}. Used by one
     * thread; the completion callbacks only add to the thread-safe {@code completed} queue.
     */
    private static final class Watch<F extends Future<?>> implements AutoCloseable {
        private static final long FIRST_PAUSE = TimeUnit.MICROSECONDS.toNanos(100);
        private static final long MAX_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);
        private final LinkedBlockingQueue<F> completed = new LinkedBlockingQueue<>();
        private final Map<AsyncResult<?>, Runnable> listeners = new IdentityHashMap<>();
        private final List<F> polled = new ArrayList<>();

        Watch(List<F> pending) {
            for (F future : pending) {
                if (future instanceof AsyncResult<?> result) {
                    Runnable listener = () -> completed.add(future);
                    listeners.put(result, listener);
                    result.addCompletionListener(listener);
                } else if (future instanceof CompletableFuture<?> completable) {
                    completable.whenComplete((value, error) -> completed.add(future));
                } else {
                    polled.add(future);
                }
            }
        }

        /** The next future to complete, waiting at most {@code nanos} (no limit when negative); null on timeout. */
        F next(long nanos) throws InterruptedException {
            boolean limited = nanos >= 0;
            long end = System.nanoTime() + Math.max(0, nanos);
            long pause = FIRST_PAUSE;
            while (true) {
                F future = completed.poll();
                if (future != null) {
                    return future;
                }
                for (Iterator<F> it = polled.iterator(); it.hasNext(); ) {
                    F candidate = it.next();
                    if (candidate.isDone()) {
                        it.remove();
                        return candidate;
                    }
                }
                long left = end - System.nanoTime();
                if (limited && left <= 0) {
                    return null;
                }
                if (polled.isEmpty()) {
                    return limited ? completed.poll(left, TimeUnit.NANOSECONDS) : completed.take();
                }
                long wait = limited ? Math.min(pause, left) : pause;
                future = completed.poll(wait, TimeUnit.NANOSECONDS);
                if (future != null) {
                    return future;
                }
                pause = Math.min(MAX_PAUSE, pause * 2);
            }
        }

        @Override
        public void close() {
            listeners.forEach((result, listener) -> result.removeCompletionListener(listener));
            listeners.clear();
        }
    }
}
