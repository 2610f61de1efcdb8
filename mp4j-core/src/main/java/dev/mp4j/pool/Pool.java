package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableFunction3;
import dev.mp4j.function.SerializableFunction4;
import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.observe.Dashboards;
import dev.mp4j.internal.observe.ObservedPool;
import dev.mp4j.internal.pool.CallTicket;
import dev.mp4j.internal.pool.ObservedClusterBackend;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.TaskKind;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A pool of workers with Python's {@code multiprocessing.Pool} API, that is also an
 * {@link ExecutorService}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.create(4)) {
 *     List<Integer> cubes = pool.map(x -> x * x * x, List.of(1, 2, 3, 4, 5, 6));
 * }
 * }</pre>
 *
 * <p>Workers are started once and reused: child JVMs on {@link Engine#PROCESSES} (the default),
 * threads on {@link Engine#THREADS} and {@link Engine#VIRTUAL_THREADS} (see {@link ThreadPool}).
 * Tasks and their arguments must be serializable on {@code PROCESSES}; a task that is not fails
 * the call at once with an {@link IllegalArgumentException} naming the offending field.
 *
 * <p>Failures never hang the pool. A task's exception reaches the caller as the cause of an
 * {@link ExecutionException} or {@link CompletionException}, with the worker's stack trace
 * attached as a {@link RemoteTraceback}. A worker that dies fails exactly the task it was running
 * with {@link WorkerDiedException} and is replaced; its other queued tasks run elsewhere. A task
 * over its {@link MapOptions#timeout() timeout} fails with {@link TaskTimeoutException} and its
 * worker is killed and replaced.
 *
 * <p>Lifecycle (Python → Java): {@code close()} → {@link #shutdown()}; {@code terminate()} →
 * {@link #terminate()} / {@link #shutdownNow()}; {@code join()} → {@link #join()}. {@link #close()}
 * is {@link ExecutorService#close()}: it shuts down and waits for submitted tasks, so
 * try-with-resources never loses work (Python's {@code with} terminates instead). A pool that is
 * never closed leaves no process behind either: worker JVMs exit when this JVM does.
 *
 * <p>Cancellation follows concurrent.futures ({@link AsyncResult#cancel}): a call is cancelled
 * only while no worker has taken it, and then never runs. {@code imap} reads its input lazily
 * (see {@link #imap}); a {@link #shutdown()} while one is open takes effect in the backend once
 * its input is read, so no accepted call loses items.
 *
 * <p>Thread-safe: any thread may submit; results complete on pool threads.
 */
public final class Pool implements ExecutorService {
    /** The largest chunk the default chunksize rule makes of an input of unknown size (see {@link #map}). */
    static final int MAX_DEFAULT_CHUNK = 1024;

    private final PoolBackend core;
    private final Engine engine;
    private final int processes;
    private final String name;
    /** Guards {@code openStreams} and {@code closing}. */
    private final ReentrantLock streamLock = new ReentrantLock();
    private final Set<OpenStream> openStreams = new HashSet<>();
    /**
     * Set by {@link #shutdown()}: no new calls. The backend itself is closed once no stream is
     * open, so calls that read their input over time (imap, a map of an iterator) submit their
     * remaining chunks after a shutdown, as Python's close lets a started imap finish.
     */
    private volatile boolean closing;
    /** What {@link #stats()} reads: the backend itself, or its observing wrapper on the cluster. */
    private final ObservedPool observed;
    /** Set when the pool was built with a dashboard or JMX, released when it ends (see {@link #releaseViews}). */
    private volatile Dashboards.Lease dashboard;
    private volatile javax.management.ObjectName[] mbeans;

    private Pool(Builder builder) {
        this.engine = builder.engine;
        this.processes = builder.processes;
        this.name = builder.name;
        if (builder.engine == Engine.CLUSTER) {
            ObservedClusterBackend cluster = clusterBackend(builder);
            this.core = cluster;
            this.observed = cluster;
        } else {
            PoolCore pool = new PoolCore(builder.engine, builder.processes, builder.initializer, builder.maxTasksPerChild,
                    builder.jvmOptions, builder.childClassPath, builder.name, builder.breakOnWorkerDeath);
            this.core = pool;
            this.observed = pool;
        }
        core.start();
        if (builder.engine == Engine.CLUSTER) {
            dev.mp4j.internal.observe.PoolRegistry.add(observed);
        }
        try {
            if (builder.jmx) {
                registerMBeans();
            }
            if (builder.dashboardPort >= 0) {
                dashboard = Dashboards.acquire(builder.dashboardPort);
            }
        } catch (RuntimeException e) {
            core.terminate();
            releaseViews();
            throw e;
        }
    }

    private void registerMBeans() {
        javax.management.ObjectName pool = dev.mp4j.internal.observe.Jmx.registerPool(name, observed);
        if (core instanceof ObservedClusterBackend cluster && cluster.monitor() != null) {
            var monitor = cluster.monitor();
            mbeans = new javax.management.ObjectName[] {pool,
                    dev.mp4j.internal.observe.Jmx.registerCluster(monitor.address(), monitor.address(), monitor::stats)};
        } else {
            mbeans = new javax.management.ObjectName[] {pool};
        }
    }

    /** Stops the dashboard lease and unregisters the MBeans of this pool, once it has ended. */
    private void releaseViews() {
        Dashboards.Lease lease = dashboard;
        dashboard = null;
        if (lease != null) {
            lease.release();
        }
        javax.management.ObjectName[] names = mbeans;
        mbeans = null;
        if (names != null) {
            for (javax.management.ObjectName registered : names) {
                dev.mp4j.internal.observe.Jmx.unregister(registered);
            }
        }
        if (core instanceof ObservedClusterBackend cluster) {
            dev.mp4j.internal.observe.PoolRegistry.remove(cluster);
            cluster.closeMonitor();
        }
    }

    /**
     * What the pool is doing now: queued, active, completed and failed tasks, its workers and
     * their current tasks, the last failures with their remote tracebacks. Cheap enough to poll
     * every second (it takes each worker's lock briefly); {@code mp4j-micrometer} and the JMX bean read it.
     */
    public PoolStats stats() {
        return observed.stats();
    }

    /** The address of the live web view of this JVM's pools, when built with {@link Builder#dashboard(int)}. */
    public java.util.Optional<java.net.URI> dashboardUri() {
        Dashboards.Lease lease = dashboard;
        return lease == null ? java.util.Optional.empty() : java.util.Optional.of(lease.uri());
    }

    /** A call that submits its chunks over time: told when the pool shuts down (see {@link StreamingResults}). */
    interface OpenStream {
        /** The pool was shut down: read the rest of the input, or (when {@code cancel}) stop and cancel what has not started. */
        void poolShutdown(boolean cancel);
    }

    /** Registers a streaming call; refused like any call once the pool is shut down. */
    void openStream(OpenStream stream) {
        streamLock.lock();
        try {
            checkOpen();
            openStreams.add(stream);
        } finally {
            streamLock.unlock();
        }
    }

    /** The stream submitted its last chunk; closes the backend if the pool was shut down and it was the last. */
    void closeStream(OpenStream stream) {
        boolean closeCore;
        streamLock.lock();
        try {
            closeCore = openStreams.remove(stream) && closing && openStreams.isEmpty();
        } finally {
            streamLock.unlock();
        }
        if (closeCore) {
            core.close();
        }
    }

    private void checkOpen() {
        if (closing) {
            throw new RejectedExecutionException("pool is closed: it accepts no new tasks");
        }
    }

    private static ObservedClusterBackend clusterBackend(Builder builder) {
        String address = builder.redis;
        if (address == null) {
            address = System.getProperty("mp4j.redis");
        }
        if (address == null || address.isBlank()) {
            address = System.getenv("MP4J_REDIS");
        }
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("Engine.CLUSTER needs a Redis address: call Pool.builder().redis(\"redis://host:6379\"),"
                    + " or set -Dmp4j.redis=redis://host:6379 or the MP4J_REDIS environment variable");
        }
        dev.mp4j.spi.ClusterPoolFactory factory = java.util.ServiceLoader.load(dev.mp4j.spi.ClusterPoolFactory.class)
                .findFirst()
                .orElseThrow(() -> new UnsupportedOperationException(
                        "Engine.CLUSTER needs the mp4j-cluster module (dev.mp4j:mp4j-cluster) on the class path"));
        PoolBackend backend = factory.create(new dev.mp4j.spi.ClusterPoolFactory.Request(address, builder.processes,
                builder.initializer, builder.name));
        return new ObservedClusterBackend(backend, factory, address, builder.name, builder.processes);
    }

    /** A pool of {@code processes} worker JVMs. */
    public static Pool create(int processes) {
        return builder().processes(processes).build();
    }

    /** A pool of {@link Multiprocessing#cpuCount()} worker JVMs. */
    public static Pool create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Engine engine() {
        return engine;
    }

    /** The number of workers. */
    public int processes() {
        return processes;
    }

    /** The pids of the current workers (on thread engines, this JVM's pid once per worker). */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    // ---------------------------------------------------------------- apply

    /** Runs {@code task} in a worker and returns its result (Python's {@code apply}); failures as {@link CompletableFuture#join()}. */
    public <R> R apply(SerializableCallable<R> task) {
        return applyAsync(task).join();
    }

    /** Runs {@code task} in a worker. */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, MapOptions.DEFAULTS);
    }

    /** Runs {@code task} in a worker, with a per-task timeout from {@code options}. */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, MapOptions options) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        CallTicket call = new CallTicket();
        AsyncResult<R> result = new AsyncResult<>(call);
        PoolCore.FunctionRefHandle function = core.newFunction(task);
        core.submit(function, TaskKind.CALL, List.of(), options.timeout(), call, (results, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                @SuppressWarnings("unchecked")
                R value = (R) results.getFirst();
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * Runs {@code task}, then {@code callback} with its result or {@code errorCallback} with its
     * exception, on a pool thread (Python's callbacks).
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> callback,
                                         Consumer<? super Throwable> errorCallback) {
        AsyncResult<R> result = applyAsync(task);
        attachCallbacks(result, callback, errorCallback);
        return result;
    }

    private static <R> void attachCallbacks(CompletableFuture<R> result, Consumer<? super R> callback,
                                            Consumer<? super Throwable> errorCallback) {
        result.whenComplete((value, error) -> {
            if (error == null) {
                if (callback != null) {
                    callback.accept(value);
                }
            } else if (errorCallback != null) {
                errorCallback.accept(error);
            }
        });
    }

    // ---------------------------------------------------------------- map

    /**
     * Applies {@code function} to every item, in parallel, results in item order (Python's
     * {@code map}). The input is not copied first: it is read on the calling thread and cut into
     * chunks that are submitted as they fill, so work starts with the first chunk. The default
     * chunksize is Python's (about four chunks per worker) for a {@link Collection}; for another
     * {@code Iterable} it is Python's for the first {@code 4 * processes * 1024} items when the
     * input ends within them, else 1024 (the input's length is not known in advance).
     * An exception thrown by the input's iterator is thrown here; the chunks not yet taken by a
     * worker are then cancelled.
     */
    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return mapAsync(function, items, MapOptions.DEFAULTS).join();
    }

    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, int chunksize) {
        return mapAsync(function, items, MapOptions.DEFAULTS.withChunksize(chunksize)).join();
    }

    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, MapOptions options) {
        return mapAsync(function, items, options).join();
    }

    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return mapAsync(function, items, MapOptions.DEFAULTS);
    }

    /**
     * Python's {@code map_async}: returns once the input is read and submitted (see {@link #map});
     * the result is a list in item order; the first failure fails it.
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function,
                                                 Iterable<? extends T> items, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.MAP, items, options, null);
    }

    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function,
                                                 Iterable<? extends T> items, MapOptions options,
                                                 Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        AsyncResult<List<R>> result = mapAsync(function, items, options);
        attachCallbacks(result, callback, errorCallback);
        return result;
    }

    /** Applies {@code function} to the two arguments of every entry (Python's {@code starmap}). */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments) {
        return starmapAsync(function, arguments, MapOptions.DEFAULTS).join();
    }

    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> function,
                                                        Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                        MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.STARMAP, arguments, options, (item, index) -> {
            if (!(item instanceof Map.Entry<?, ?>)) {
                throw new IllegalArgumentException("starmap argument " + index + " is " + describe(item)
                        + ", not a Map.Entry of the function's two arguments (Map.entry(a, b))");
            }
        });
    }

    /**
     * Applies {@code function} to the three arguments of every tuple (Python's
     * {@code starmap(f, [(a, b, c), ...])}):
     * <pre>{@code
     * List<Integer> volumes = pool.starmap((Integer l, Integer w, Integer h) -> l * w * h,
     *         List.of(List.of(1, 2, 3), List.of(4, 5, 6)));   // [6, 120]
     * }</pre>
     *
     * @throws IllegalArgumentException when a tuple does not hold exactly three elements
     */
    public <A, B, C, R> List<R> starmap(SerializableFunction3<A, B, C, R> function, Iterable<? extends List<?>> arguments) {
        return starmapAsync(function, arguments, MapOptions.DEFAULTS).join();
    }

    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(SerializableFunction3<A, B, C, R> function,
                                                           Iterable<? extends List<?>> arguments, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.STARMAP_N, arguments, options, tupleOf(3));
    }

    /** Like {@link #starmap(SerializableFunction3, Iterable)} for four arguments. */
    public <A, B, C, D, R> List<R> starmap(SerializableFunction4<A, B, C, D, R> function, Iterable<? extends List<?>> arguments) {
        return starmapAsync(function, arguments, MapOptions.DEFAULTS).join();
    }

    public <A, B, C, D, R> AsyncResult<List<R>> starmapAsync(SerializableFunction4<A, B, C, D, R> function,
                                                              Iterable<? extends List<?>> arguments, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.STARMAP_N, arguments, options, tupleOf(4));
    }

    /** Checks an item of a call before it is submitted. */
    private interface ItemCheck {
        void check(Object item, long index);
    }

    private static ItemCheck tupleOf(int arity) {
        return (item, index) -> {
            if (!(item instanceof List<?> tuple) || tuple.size() != arity) {
                throw new IllegalArgumentException("starmap argument tuple " + index + " is " + describe(item)
                        + ": the function takes " + arity + " arguments, so each tuple must be a List of " + arity + " elements");
            }
        };
    }

    private static String describe(Object item) {
        return item == null ? "null" : item instanceof List<?> list ? "a List of " + list.size() + " elements " + list
                : "a " + item.getClass().getName();
    }

    /**
     * Reads {@code items} on the calling thread and submits them in chunks as they come (see
     * {@link #map}); all chunks share one {@link CallTicket}, so the result is cancelled as a whole
     * or not at all.
     */
    private <R> AsyncResult<List<R>> runChunks(Object function, TaskKind kind, Iterable<?> items, MapOptions options,
                                               ItemCheck check) {
        Objects.requireNonNull(items, "items");
        checkOpen();
        CallTicket call = new CallTicket();
        AsyncResult<List<R>> result = new AsyncResult<>(call);
        PoolCore.FunctionRefHandle ref = core.newFunction(function);
        Iterator<?> input = items.iterator();
        long known = items instanceof Collection<?> collection ? collection.size() : -1;
        List<Object> head = List.of();
        if (known < 0 && options.chunksize() == 0) { // Python's rule needs the length: read some of it first
            head = new ArrayList<>();
            int limit = processes * 4 * MAX_DEFAULT_CHUNK;
            while (head.size() < limit && input.hasNext()) {
                Object item = input.next();
                if (check != null) {
                    check.check(item, head.size());
                }
                head.add(item);
            }
            if (!input.hasNext()) {
                known = head.size();
            }
        }
        if (known == 0) {
            result.complete(List.of());
            return result;
        }
        int chunksize = options.chunksize() > 0 ? options.chunksize()
                : known > 0 ? defaultChunksize((int) Math.min(Integer.MAX_VALUE, known)) : MAX_DEFAULT_CHUNK;
        MapResults<R> gathered = new MapResults<>(result, options.progress(), known);
        OpenStream reading = cancel -> { }; // the call keeps the pool open until it is read: it ignores a shutdown
        openStream(reading);
        long index = head.size();
        try {
            Iterator<?> headItems = head.iterator();
            while (true) {
                List<Object> chunk = new ArrayList<>(Math.min(chunksize, 4096));
                while (chunk.size() < chunksize && headItems.hasNext()) {
                    chunk.add(headItems.next());
                }
                while (chunk.size() < chunksize && input.hasNext()) {
                    Object item = input.next();
                    if (check != null) {
                        check.check(item, index);
                    }
                    index++;
                    chunk.add(item);
                }
                if (chunk.isEmpty()) {
                    break;
                }
                int number = gathered.chunkSubmitted();
                core.submit(ref, kind, chunk, options.timeout(), call, (values, error) -> gathered.chunkDone(number, values, error));
                if (chunk.size() < chunksize) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            call.abort(); // the chunks already submitted and not taken do not run
            result.completeExceptionally(e);
            throw e;
        } finally {
            closeStream(reading);
        }
        gathered.inputEnded(index);
        return result;
    }

    /** Python's rule: about four chunks per worker. */
    int defaultChunksize(int items) {
        int perWorker = processes * 4;
        int chunksize = items / perWorker;
        return items % perWorker != 0 ? chunksize + 1 : Math.max(1, chunksize);
    }

    /**
     * Gathers the chunks of one map in item order. {@code outstanding} counts the chunks not yet
     * done plus one for the reading, so the result completes once the input is read and every chunk
     * is done; the first failure fails it at once. Chunks complete on pool threads.
     */
    private static final class MapResults<R> {
        private final AsyncResult<List<R>> result;
        private final ProgressListener progress;
        private final List<List<Object>> chunks = new ArrayList<>();
        private final AtomicInteger outstanding = new AtomicInteger(1);
        private final AtomicLong done = new AtomicLong();
        private volatile long total;

        MapResults(AsyncResult<List<R>> result, ProgressListener progress, long total) {
            this.result = result;
            this.progress = progress;
            this.total = total;
        }

        /** Called by the reading thread; returns the chunk's number. */
        int chunkSubmitted() {
            outstanding.incrementAndGet();
            synchronized (chunks) {
                chunks.add(null);
                return chunks.size() - 1;
            }
        }

        void chunkDone(int number, List<Object> values, Throwable error) {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            synchronized (chunks) {
                chunks.set(number, values);
            }
            if (progress != null) {
                progress.onProgress(done.addAndGet(values.size()), total);
            }
            arrive();
        }

        void inputEnded(long items) {
            total = items;
            arrive();
        }

        private void arrive() {
            if (outstanding.decrementAndGet() == 0) {
                List<Object> all;
                synchronized (chunks) {
                    all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, total));
                    chunks.forEach(all::addAll);
                }
                @SuppressWarnings("unchecked")
                List<R> list = (List<R>) all;
                result.complete(list);
            }
        }
    }

    // ---------------------------------------------------------------- imap

    /**
     * Lazily ordered results (Python's {@code imap}, chunksize 1 by default). The input is read
     * lazily, on a feeder thread of the pool, never more than {@link MapOptions#readAhead()} chunks
     * ahead of the consumer (default {@link #defaultReadAhead()}): an infinite or huge iterator
     * streams in bounded memory. An exception thrown by the input's iterator is thrown by
     * {@link ResultIterator#next()} at its position, as a {@link CompletionException}, and ends
     * the results. A pool shut down while an imap is open lets it read its input to the end.
     * <pre>{@code
     * Iterator<Integer> naturals = Stream.iterate(1, n -> n + 1).iterator();          // never ends
     * try (ResultIterator<Integer> squares = pool.imap((Integer n) -> n * n, () -> naturals)) {
     *     squares.next();                                                               // 1, 4, 9, ...
     * }
     * }</pre>
     */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imap(function, items, MapOptions.DEFAULTS);
    }

    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items,
                                         MapOptions options) {
        return iterate(function, items, options, true, null, false);
    }

    /** Results in completion order (Python's {@code imap_unordered}); reads its input as {@link #imap} does. */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imapUnordered(function, items, MapOptions.DEFAULTS);
    }

    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function,
                                                  Iterable<? extends T> items, MapOptions options) {
        return iterate(function, items, options, false, null, false);
    }

    /**
     * How many chunks an imap reads ahead of its consumer unless {@link MapOptions#withReadAhead}
     * says otherwise: {@code max(256, 32 * processes)}, enough to keep every worker busy with
     * tasks of a few microseconds (see {@code bench/results/pool.md}).
     */
    public int defaultReadAhead() {
        return Math.max(256, 32 * processes);
    }

    <R> ResultIterator<R> iterate(Object function, Iterable<?> items, MapOptions options, boolean ordered, Duration deadline,
                                  boolean endAtFailure) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(items, "items");
        PoolCore.FunctionRefHandle ref = core.newFunction(function);
        return StreamingResults.start(this, core, ref, items, options, defaultReadAhead(), ordered, deadline, endAtFailure,
                name + "-imap");
    }

    // ---------------------------------------------------------------- ExecutorService

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        requireSerializable(command);
        Runnable task = command;
        applyAsync((SerializableCallable<Object>) () -> {
            task.run();
            return null;
        });
    }

    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        requireSerializable(task);
        Callable<T> body = task;
        return applyAsync(body::call);
    }

    @Override
    public AsyncResult<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> AsyncResult<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        requireSerializable(task);
        Runnable body = task;
        return applyAsync((SerializableCallable<T>) () -> {
            body.run();
            return result;
        });
    }

    private void requireSerializable(Object task) {
        if (!engine.isInThisJvm() && !(task instanceof Serializable)) {
            throw new RejectedExecutionException("a task for Engine." + engine + " must be serializable: "
                    + task.getClass().getName() + " is not (declare the lambda as SerializableCallable or SerializableRunnable)");
        }
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        for (Future<T> future : futures) {
            try {
                future.get();
            } catch (ExecutionException ignored) {
                // reported through the future
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        for (Future<T> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException ignored) {
                // reported through the future
            } catch (TimeoutException e) {
                futures.forEach(f -> ((AsyncResult<?>) f).abandon());
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        CompletableFuture<T> first = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        List<AsyncResult<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            AsyncResult<T> future = submit(task);
            futures.add(future);
            future.whenComplete((value, error) -> {
                if (error == null) {
                    first.complete(value);
                } else if (failures.incrementAndGet() == tasks.size()) {
                    first.completeExceptionally(error);
                }
            });
        }
        try {
            return first.get(timeout, unit);
        } finally {
            futures.forEach(AsyncResult::abandon);
        }
    }

    /**
     * Python's {@code close()}: no new tasks; workers exit once the queued ones are done, and once
     * every open imap has read its input to the end.
     */
    @Override
    public void shutdown() {
        shutdown(false);
    }

    /**
     * {@link #shutdown()}; with {@code cancelFutures}, first cancels every queued call that no
     * worker has taken and stops the reading of open imaps (concurrent.futures'
     * {@code shutdown(cancel_futures=True)}): the cancelled calls fail with a
     * {@link java.util.concurrent.CancellationException}, the running ones finish.
     */
    void shutdown(boolean cancelFutures) {
        List<OpenStream> streams;
        boolean closeCore;
        streamLock.lock();
        try {
            closing = true;
            streams = List.copyOf(openStreams);
            closeCore = openStreams.isEmpty();
        } finally {
            streamLock.unlock();
        }
        streams.forEach(stream -> stream.poolShutdown(cancelFutures));
        if (cancelFutures) {
            core.cancelQueued();
        }
        if (closeCore) {
            core.close();
        }
    }

    /** Python's {@code terminate()}: cancels queued tasks, kills the workers at once. */
    public void terminate() {
        List<OpenStream> streams;
        streamLock.lock();
        try {
            closing = true;
            streams = List.copyOf(openStreams);
        } finally {
            streamLock.unlock();
        }
        streams.forEach(stream -> stream.poolShutdown(true));
        core.terminate();
        releaseViews();
    }

    /** {@link #terminate()}; the tasks it cancels are failed with {@link java.util.concurrent.CancellationException}. */
    @Override
    public List<Runnable> shutdownNow() {
        terminate();
        return List.of();
    }

    /**
     * Waits for the workers to exit (Python's {@code join()}): for the work, then for the worker
     * processes themselves. {@link #close()} and {@link #awaitTermination} wait only until every
     * worker has been dismissed; their JVMs finish exiting on their own a moment later.
     *
     * @throws IllegalStateException if neither {@link #shutdown()} nor {@link #terminate()} was called
     */
    public void join() throws InterruptedException {
        if (!closing) {
            core.checkJoinable();
        }
        core.awaitTermination(Long.MAX_VALUE);
        core.awaitProcessesExited(Long.MAX_VALUE);
        releaseViews();
    }

    @Override
    public boolean isShutdown() {
        return closing || core.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return core.isTerminatedFully();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return core.awaitTermination(unit.toNanos(timeout));
    }

    /** Shuts down and waits for every submitted task, as {@link ExecutorService#close()} does. */
    @Override
    public void close() {
        ExecutorService.super.close();
        releaseViews();
    }

    @Override
    public String toString() {
        return "Pool[engine=" + engine + ", processes=" + processes + ", state="
                + (isTerminated() ? "terminated" : isShutdown() ? "closed" : "running") + "]";
    }

    /** Validated pool options. */
    public static final class Builder {
        private Engine engine = Engine.PROCESSES;
        private int processes = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private final List<String> jvmOptions = new ArrayList<>();
        private String name = "Pool";
        private String redis;
        private String childClassPath;
        private boolean breakOnWorkerDeath;
        private int dashboardPort = -1;
        private boolean jmx = Boolean.getBoolean("mp4j.jmx");

        private Builder() {
        }

        /**
         * Serves the live web view of this JVM's pools on {@code 127.0.0.1:port} while the pool runs
         * (0: any free port; see {@link Pool#dashboardUri()}): workers with their pid, state and current
         * task, queue depth, tasks and failures per second, recent failures with their tracebacks.
         * Pools given the same port share one view. Loopback only: reach it from another machine
         * through an SSH tunnel.
         *
         * @throws IllegalArgumentException when the port is outside 0..65535
         */
        public Builder dashboard(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("dashboard port must be 0..65535 (0: any free port), got " + port);
            }
            this.dashboardPort = port;
            return this;
        }

        /**
         * Registers a {@link dev.mp4j.observe.PoolMXBean} ({@code dev.mp4j:type=Pool,name=NAME}) while
         * the pool runs, and on {@link Engine#CLUSTER} a {@link dev.mp4j.observe.ClusterMXBean}; default
         * {@code -Dmp4j.jmx} (false).
         */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /**
         * The class path of the child JVM(s), {@code java -cp} style (entries separated by
         * {@code File.pathSeparator}), instead of the one mp4j finds from this JVM's class loaders;
         * {@link Engine#PROCESSES} only. Needed only where a launcher hides the real class path in a
         * way mp4j does not know (a custom class loader); also {@code -Dmp4j.childClassPath}.
         *
         * @throws IllegalArgumentException when the path is blank or an entry does not exist
         */
        public Builder childClassPath(String classPath) {
            this.childClassPath = dev.mp4j.internal.process.ProcessEngine.validateClassPath(classPath);
            return this;
        }

        /** Where tasks run; {@link Engine#CLUSTER} needs the mp4j-cluster module and a {@link #redis Redis address}. */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The Redis server of an {@link Engine#CLUSTER} pool: {@code redis://[:password@]host:port},
         * {@code rediss://...} for TLS. Default: the {@code mp4j.redis} system property, then the
         * {@code MP4J_REDIS} environment variable.
         */
        public Builder redis(String address) {
            if (address == null || !(address.startsWith("redis://") || address.startsWith("rediss://"))) {
                throw new IllegalArgumentException("Redis address '" + address
                        + "' must look like redis://host:6379 (rediss://host:6379 for TLS)");
            }
            this.redis = address;
            return this;
        }

        /** The number of workers; default {@link Multiprocessing#cpuCount()}. */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("Number of processes must be at least 1, got " + processes);
            }
            this.processes = processes;
            return this;
        }

        /** Runs once in every worker before its first task (Python's initializer with its initargs captured). */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** Replaces a worker after it has run this many tasks (chunks); default: never. */
        public Builder maxTasksPerChild(int maxTasks) {
            if (maxTasks < 1) {
                throw new IllegalArgumentException("maxTasksPerChild must be >= 1, got " + maxTasks);
            }
            this.maxTasksPerChild = maxTasks;
            return this;
        }

        /** Extra options for worker JVMs ({@code -Xmx512m}); {@link Engine#PROCESSES} only. */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                if (option == null || !option.startsWith("-")) {
                    throw new IllegalArgumentException("JVM option '" + option + "' must start with '-'");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /** A name prefix for worker names and threads; default "Pool". */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("pool name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Broken-pool mode, CPython's {@code ProcessPoolExecutor} semantics: when a worker process
         * dies abruptly while it holds tasks (killed, {@code System.exit}, a crash; not a
         * {@link MapOptions#timeout() timeout} or {@link Pool#terminate()}), the pool breaks: that
         * task, every queued task and every task other workers hold fail with
         * {@link BrokenPoolException}, the other workers are killed, and later calls throw it.
         * Default off: only the dead worker's task fails ({@link WorkerDiedException}) and the
         * pool replaces the worker. {@link Engine#PROCESSES} only (threads do not die abruptly).
         * <pre>{@code
         * try (Pool pool = Pool.builder().processes(2).breakOnWorkerDeath(true).build()) {
         *     AsyncResult<Integer> dies = pool.applyAsync(() -> { Runtime.getRuntime().halt(1); return 0; });
         *     dies.join();           // CompletionException caused by BrokenPoolException
         *     pool.apply(() -> 1);   // BrokenPoolException
         * }
         * }</pre>
         */
        public Builder breakOnWorkerDeath(boolean enabled) {
            this.breakOnWorkerDeath = enabled;
            return this;
        }

        public Pool build() {
            if (breakOnWorkerDeath && engine != Engine.PROCESSES) {
                throw new IllegalStateException("breakOnWorkerDeath applies only to Engine.PROCESSES, not " + engine
                        + ": its workers cannot die abruptly (a task's exception or Error fails only that task)");
            }
            if (!jvmOptions.isEmpty() && engine != Engine.PROCESSES) {
                throw new IllegalStateException("jvmOptions apply only to Engine.PROCESSES, not " + engine);
            }
            if (childClassPath != null && engine != Engine.PROCESSES) {
                throw new IllegalStateException("childClassPath applies only to Engine.PROCESSES, not " + engine);
            }
            if (redis != null && engine != Engine.CLUSTER) {
                throw new IllegalStateException("a Redis address applies only to Engine.CLUSTER, not " + engine);
            }
            if (maxTasksPerChild > 0 && engine == Engine.CLUSTER) {
                throw new IllegalStateException("maxTasksPerChild does not apply to Engine.CLUSTER: its worker JVMs are"
                        + " shared and started with 'mp4j worker'; restart them instead");
            }
            return new Pool(this);
        }
    }
}
