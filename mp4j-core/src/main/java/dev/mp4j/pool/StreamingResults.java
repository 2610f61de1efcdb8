package dev.mp4j.pool;

import dev.mp4j.internal.pool.CallTicket;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.TaskKind;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ResultIterator} of {@code imap}, {@code imapUnordered} and {@link PoolExecutor#map}.
 *
 * <p>A feeder thread (virtual) reads the input, one item at a time and never concurrently, cuts it
 * into chunks and submits each as its own call, while at most {@code readAhead} chunks are
 * submitted and not yet taken by the consumer. Once full it waits until the consumer has taken
 * half of them, then refills in one go: one wake-up per {@code readAhead / 2} chunks, not per chunk.
 * When the input's iterator throws, the exception becomes a failed chunk at that position and the
 * input ends there (Python's {@code _guarded_task_generation}). When the pool is shut down the
 * bound is lifted, so a finite input is read to its end and the pool closes after it
 * (Python's close lets a started imap finish); a shutdown that cancels futures, a terminate, or
 * {@link #close()} stop the reading instead and cancel the chunks not yet taken by a worker.
 *
 * <p>Threading: the fields below {@code lock} are guarded by it; {@code current} and
 * {@code position} belong to the consumer thread. Chunk results complete on pool threads.
 */
final class StreamingResults<R> implements ResultIterator<R>, Pool.OpenStream {
    private final Pool pool;
    private final PoolBackend core;
    private final PoolCore.FunctionRefHandle function;
    private final Iterator<?> input;
    private final int chunksize;
    private final int readAhead;
    private final Duration taskTimeout;
    private final ProgressListener progress;
    private final long total;
    private final boolean ordered;
    /** PoolExecutor.map: a deadline for the whole iteration (System.nanoTime), and the end at the first failure. */
    private final long deadline;
    private final boolean hasDeadline;
    private final boolean endAtFailure;
    private final AtomicLong done = new AtomicLong();
    private volatile Thread feeder;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final Condition arrived = lock.newCondition();
    /** Chunks submitted and not yet taken, in input order. */
    private final ArrayDeque<Chunk> submitted = new ArrayDeque<>();
    /** imapUnordered: the completed chunks not yet taken, in completion order. */
    private final ArrayDeque<Chunk> completed = new ArrayDeque<>();
    private boolean inputEnded;
    private boolean stopReading;
    private boolean unbounded;
    private boolean closed;

    private List<Object> current = List.of();
    private int position;

    private static final class Chunk {
        final CallTicket ticket = new CallTicket();
        final CompletableFuture<List<Object>> result = new CompletableFuture<>();
    }

    private StreamingResults(Pool pool, PoolBackend core, PoolCore.FunctionRefHandle function, Iterable<?> items,
                             MapOptions options, int defaultReadAhead, boolean ordered, Duration deadline,
                             boolean endAtFailure) {
        this.pool = pool;
        this.core = core;
        this.function = function;
        this.input = items.iterator();
        this.chunksize = options.chunksize() > 0 ? options.chunksize() : 1;
        this.readAhead = options.readAhead() > 0 ? options.readAhead() : defaultReadAhead;
        this.taskTimeout = options.timeout();
        this.progress = options.progress();
        this.total = items instanceof java.util.Collection<?> collection ? collection.size() : -1;
        this.ordered = ordered;
        this.hasDeadline = deadline != null;
        this.deadline = deadline == null ? 0 : System.nanoTime() + deadline.toNanos();
        this.endAtFailure = endAtFailure;
    }

    /**
     * Registers the stream with the pool (refused like any call when the pool does not accept
     * calls) and starts its feeder.
     */
    static <R> StreamingResults<R> start(Pool pool, PoolBackend core, PoolCore.FunctionRefHandle function, Iterable<?> items,
                                         MapOptions options, int defaultReadAhead, boolean ordered, Duration deadline,
                                         boolean endAtFailure, String threadName) {
        StreamingResults<R> stream = new StreamingResults<>(pool, core, function, items, options, defaultReadAhead, ordered,
                deadline, endAtFailure);
        pool.openStream(stream);
        try {
            stream.feeder = Thread.ofVirtual().name(threadName).start(stream::feed);
        } catch (RuntimeException | Error e) {
            pool.closeStream(stream);
            throw e;
        }
        return stream;
    }

    // ---------------------------------------------------------------- feeder

    private void feed() {
        try {
            while (awaitSpace()) {
                List<Object> items = new ArrayList<>(Math.min(chunksize, 1024));
                Throwable failure = null;
                try {
                    while (items.size() < chunksize && input.hasNext()) {
                        items.add(input.next());
                    }
                } catch (Throwable t) { // the input's own exception, reported at its position
                    failure = t;
                }
                if (!items.isEmpty() && !submit(items)) {
                    return;
                }
                if (failure != null) {
                    add(failedChunk(failure));
                    return;
                }
                if (items.size() < chunksize) {
                    return;
                }
            }
        } finally {
            lock.lock();
            try {
                inputEnded = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
            pool.closeStream(this);
        }
    }

    /** Waits, when {@code readAhead} chunks are outstanding, until half were taken; false when reading must stop. */
    private boolean awaitSpace() {
        lock.lock();
        try {
            while (!stopReading && !unbounded && submitted.size() >= readAhead) {
                space.awaitUninterruptibly();
            }
            return !stopReading;
        } finally {
            lock.unlock();
        }
    }

    /** Submits one chunk; false when the pool refused it (terminated or broken): the refusal is its result. */
    private boolean submit(List<Object> items) {
        Chunk chunk = new Chunk();
        if (!add(chunk)) {
            return false;
        }
        try {
            core.submit(function, TaskKind.MAP, items, taskTimeout, chunk.ticket, (values, error) -> finished(chunk, values, error));
            return true;
        } catch (RuntimeException e) {
            finished(chunk, null, e);
            return false;
        }
    }

    private static Chunk failedChunk(Throwable failure) {
        Chunk chunk = new Chunk();
        chunk.result.completeExceptionally(failure);
        return chunk;
    }

    /** Adds a chunk in input order; false when reading stopped meanwhile. */
    private boolean add(Chunk chunk) {
        lock.lock();
        try {
            if (stopReading) {
                return false;
            }
            submitted.addLast(chunk);
            if (!ordered && chunk.result.isDone()) {
                completed.addLast(chunk);
            }
            arrived.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finished(Chunk chunk, List<Object> values, Throwable error) {
        if (error == null) {
            chunk.result.complete(values);
            if (progress != null) {
                progress.onProgress(done.addAndGet(values.size()), total);
            }
        } else {
            chunk.result.completeExceptionally(error);
        }
        if (!ordered) {
            lock.lock();
            try {
                if (!closed) {
                    completed.addLast(chunk);
                    arrived.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void poolShutdown(boolean cancel) {
        List<Chunk> toCancel = List.of();
        lock.lock();
        try {
            if (cancel) {
                stopReading = true;
                toCancel = new ArrayList<>(submitted);
            } else {
                unbounded = true;
            }
            space.signalAll();
        } finally {
            lock.unlock();
        }
        toCancel.forEach(chunk -> chunk.ticket.cancel());
    }

    // ---------------------------------------------------------------- consumer

    @Override
    public boolean hasNext() {
        if (position < current.size()) {
            return true;
        }
        lock.lock();
        try {
            while (!closed && submitted.isEmpty() && !inputEnded) {
                arrived.await();
            }
            return !closed && !submitted.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public R next() {
        try {
            return next(null);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CompletionException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next(Duration timeout) throws TimeoutException, InterruptedException {
        while (position >= current.size()) {
            long nanos = waitNanos(timeout);
            Chunk chunk = takeChunk(nanos);
            List<Object> values;
            try {
                values = chunk.result.getNow(null);
                current = List.of();
                position = 0;
                if (values == null) {
                    values = chunk.result.join(); // completed exceptionally: join throws
                }
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (endAtFailure) {
                    close(); // concurrent.futures' map ends at the first failure
                }
                throw new CompletionException(cause);
            }
            current = values;
        }
        return (R) current.get(position++);
    }

    /** How long the next wait may last: -1 for no limit; for PoolExecutor.map, the time left to its deadline. */
    private long waitNanos(Duration timeout) {
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        if (hasDeadline) {
            long left = Math.max(0, deadline - System.nanoTime());
            nanos = nanos < 0 ? left : Math.min(nanos, left);
        }
        return nanos;
    }

    /** The next chunk, completed; waits at most {@code nanos} (no limit when negative). */
    private Chunk takeChunk(long nanos) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + nanos;
        Chunk chunk;
        lock.lock();
        try {
            ArrayDeque<Chunk> source = ordered ? submitted : completed;
            while (!closed && source.isEmpty() && !(inputEnded && submitted.isEmpty())) {
                if (nanos < 0) {
                    arrived.await();
                } else if (arrived.awaitNanos(end - System.nanoTime()) <= 0 && source.isEmpty()) {
                    throw timedOut(nanos);
                }
            }
            if (closed || source.isEmpty()) {
                throw new NoSuchElementException("no more results");
            }
            chunk = source.peekFirst();
        } finally {
            lock.unlock();
        }
        if (ordered && !chunk.result.isDone()) {
            try {
                if (nanos < 0) {
                    chunk.result.get();
                } else {
                    chunk.result.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException | CancellationException ignored) {
                // thrown at its position by next()
            } catch (TimeoutException e) {
                throw timedOut(nanos);
            }
        }
        lock.lock();
        try {
            if (closed) {
                throw new NoSuchElementException("no more results: the iterator was closed");
            }
            if (ordered) {
                submitted.pollFirst();
            } else {
                completed.pollFirst();
                submitted.remove(chunk);
            }
            if (submitted.size() <= readAhead / 2) {
                space.signal();
            }
        } finally {
            lock.unlock();
        }
        return chunk;
    }

    private TimeoutException timedOut(long nanos) {
        if (hasDeadline && deadline - System.nanoTime() <= 0) {
            close();
            return new TimeoutException("the map's results were not all ready within its timeout");
        }
        return new TimeoutException("no result within " + Duration.ofNanos(nanos));
    }

    @Override
    public void close() {
        List<Chunk> toCancel;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopReading = true;
            toCancel = new ArrayList<>(submitted);
            submitted.clear();
            completed.clear();
            space.signalAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        toCancel.forEach(chunk -> chunk.ticket.cancel());
        Thread reader = feeder;
        if (reader != null) {
            reader.interrupt(); // an input blocked in an interruptible wait stops now; its exception is dropped
        }
        current = List.of();
        position = 0;
    }
}
