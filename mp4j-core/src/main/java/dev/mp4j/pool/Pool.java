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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
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
     *
     * @return a snapshot taken now
     */
    public PoolStats stats() {
        return observed.stats();
    }

    /**
     * The address of the live web view of this JVM's pools.
     *
     * @return its {@code http://127.0.0.1:PORT/}, or empty when the pool was not built with {@link Builder#dashboard(int)}
     */
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

    /**
     * A started pool of {@code processes} worker JVMs (Python's {@code Pool(processes)}).
     *
     * @param processes the number of workers, at least 1
     * @return the pool, which the caller closes
     * @throws IllegalArgumentException when {@code processes} is below 1
     */
    public static Pool create(int processes) {
        return builder().processes(processes).build();
    }

    /**
     * A started pool of {@link Multiprocessing#cpuCount()} worker JVMs (Python's {@code Pool()}).
     *
     * @return the pool, which the caller closes
     */
    public static Pool create() {
        return builder().build();
    }

    /**
     * Options for a pool: engine, number of workers, initializer, {@code maxTasksPerChild}, JVM
     * options (Python's keyword arguments of {@code Pool(...)}).
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the pool's tasks run.
     *
     * @return the engine fixed when the pool was built
     */
    public Engine engine() {
        return engine;
    }

    /**
     * The number of workers (Python's {@code Pool._processes}); the pool keeps this many, replacing
     * those that die or reach {@code maxTasksPerChild}.
     *
     * @return the number given to the builder
     */
    public int processes() {
        return processes;
    }

    /**
     * The pids of the current workers (Python's {@code [p.pid for p in pool._pool]}); workers are
     * started in the background, so the list may be shorter than {@link #processes()} at first.
     *
     * @return a snapshot; on the thread engines, this JVM's pid once per worker
     */
    public List<Long> workerPids() {
        return core.workerPids();
    }

    // ---------------------------------------------------------------- apply

    /**
     * Runs {@code task} in a worker and waits for its result (Python's {@code apply(f, args)},
     * the arguments captured by the lambda).
     *
     * @param <R>  the result's type
     * @param task what to run; serializable with all it captures unless the engine runs in this JVM
     * @return the task's result, deserialized here
     * @throws CompletionException when a task failed: its cause is the task's exception (the
     *         worker's {@link RemoteTraceback} attached as that exception's cause, or as a
     *         suppressed exception when it has a cause),
     *         {@link WorkerDiedException}, {@link TaskTimeoutException} or
     *         {@link BrokenPoolException}; or an item or result that could not be serialized; or,
     *         its cause an {@link InterruptedException}, the calling thread was interrupted while
     *         waiting (its interrupt status is kept; the call is cancelled if no worker took it yet,
     *         else it runs on and its results are dropped)
     * @throws java.util.concurrent.CancellationException when the call was cancelled, by
     *         {@link #terminate()} among others
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <R> R apply(SerializableCallable<R> task) {
        return await(applyAsync(task));
    }

    /**
     * Runs {@code task} in a worker without waiting (Python's {@code apply_async(f, args)}).
     *
     * @param <R>  the result's type
     * @param task what to run; serializable with all it captures unless the engine runs in this JVM
     * @return the pending result, completed exceptionally when the task fails (see {@link #apply})
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, MapOptions.DEFAULTS);
    }

    /**
     * Runs {@code task} in a worker without waiting, with the per-task timeout of {@code options}
     * (Python has none: its {@code get(timeout)} stops waiting, never the task).
     *
     * @param <R>     the result's type
     * @param task    what to run
     * @param options the timeout; chunk size, progress and read-ahead do not apply
     * @return the pending result; a task over its timeout fails it with
     *         {@link TaskTimeoutException}, and its worker is replaced
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
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
     * exception, on a pool thread (Python's {@code apply_async(f, args, callback,
     * error_callback)}). Callbacks must be quick: they hold up the thread that delivers results.
     *
     * @param <R>           the result's type
     * @param task          what to run
     * @param callback      told the result, or null
     * @param errorCallback told the exception (as {@link #applyAsync(SerializableCallable)}'s
     *                      result would be completed with it), or null
     * @return the pending result
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
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
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply; serializable with all it captures unless the engine runs in
     *                 this JVM
     * @param items    the input, read once; items must be serializable on a child-JVM pool
     * @return the results, one per item, in item order
     * @throws CompletionException when a task failed: its cause is the task's exception (the
     *         worker's {@link RemoteTraceback} attached as that exception's cause, or as a
     *         suppressed exception when it has a cause),
     *         {@link WorkerDiedException}, {@link TaskTimeoutException} or
     *         {@link BrokenPoolException}; or an item or result that could not be serialized; or,
     *         its cause an {@link InterruptedException}, the calling thread was interrupted while
     *         waiting (its interrupt status is kept; the call is cancelled if no worker took it yet,
     *         else it runs on and its results are dropped)
     * @throws java.util.concurrent.CancellationException when the call was cancelled, by
     *         {@link #terminate()} among others
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return await(mapAsync(function, items, MapOptions.DEFAULTS));
    }

    /**
     * {@link #map(SerializableFunction, Iterable)} with a chunk size (Python's
     * {@code map(f, iterable, chunksize)}).
     *
     * @param <T>       the items' type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param items     the input
     * @param chunksize the number of items sent to a worker as one task, at least 1
     * @return the results, one per item, in item order
     * @throws IllegalArgumentException when {@code chunksize} is below 1, or as
     *         {@link #map(SerializableFunction, Iterable)} throws it
     * @throws CompletionException as {@link #map(SerializableFunction, Iterable)} throws it
     */
    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, int chunksize) {
        return await(mapAsync(function, items, MapOptions.DEFAULTS.withChunksize(chunksize)));
    }

    /**
     * {@link #map(SerializableFunction, Iterable)} with options: chunk size, per-task timeout,
     * progress listener.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input
     * @param options  the call's options
     * @return the results, one per item, in item order
     * @throws CompletionException as {@link #map(SerializableFunction, Iterable)} throws it; a
     *         chunk over the timeout fails the call with {@link TaskTimeoutException}
     */
    public <T, R> List<R> map(SerializableFunction<T, R> function, Iterable<? extends T> items, MapOptions options) {
        return await(mapAsync(function, items, options));
    }

    /**
     * Python's {@code map_async(f, iterable)}: as {@link #mapAsync(SerializableFunction, Iterable, MapOptions)}
     * with the default options.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input
     * @return the pending list of results in item order
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return mapAsync(function, items, MapOptions.DEFAULTS);
    }

    /**
     * Python's {@code map_async}: returns once the input is read and submitted (see {@link #map});
     * the result is a list in item order; the first failure fails it.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read on the calling thread
     * @param options  chunk size, per-task timeout, progress listener
     * @return the pending list of results in item order; completed exceptionally as
     *         {@link #map(SerializableFunction, Iterable)} throws
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function,
                                                 Iterable<? extends T> items, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.MAP, items, options, null);
    }

    /**
     * Python's {@code map_async(f, iterable, chunksize, callback, error_callback)}: the callbacks
     * run on a pool thread when the whole call completes.
     *
     * @param <T>           the items' type
     * @param <R>           the results' type
     * @param function      what to apply
     * @param items         the input
     * @param options       chunk size, per-task timeout, progress listener
     * @param callback      told the list of results, or null
     * @param errorCallback told the first failure, or null
     * @return the pending list of results in item order
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function,
                                                 Iterable<? extends T> items, MapOptions options,
                                                 Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        AsyncResult<List<R>> result = mapAsync(function, items, options);
        attachCallbacks(result, callback, errorCallback);
        return result;
    }

    /**
     * Applies {@code function} to the two arguments of every entry (Python's
     * {@code starmap(f, [(a, b), ...])}), results in argument order; otherwise as
     * {@link #map(SerializableFunction, Iterable)}.
     *
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument pairs, as {@code Map.entry(a, b)}
     * @return the results, one per pair, in order
     * @throws IllegalArgumentException when an element is not a {@link Map.Entry}, or as
     *         {@link #map(SerializableFunction, Iterable)} throws it
     * @throws CompletionException when a task failed: its cause is the task's exception (the
     *         worker's {@link RemoteTraceback} attached as that exception's cause, or as a
     *         suppressed exception when it has a cause),
     *         {@link WorkerDiedException}, {@link TaskTimeoutException} or
     *         {@link BrokenPoolException}; or an item or result that could not be serialized; or,
     *         its cause an {@link InterruptedException}, the calling thread was interrupted while
     *         waiting (its interrupt status is kept; the call is cancelled if no worker took it yet,
     *         else it runs on and its results are dropped)
     * @throws java.util.concurrent.CancellationException when the call was cancelled, by
     *         {@link #terminate()} among others
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments) {
        return await(starmapAsync(function, arguments, MapOptions.DEFAULTS));
    }

    /**
     * Python's {@code starmap_async(f, [(a, b), ...], chunksize)}; as
     * {@link #starmap(SerializableBiFunction, Iterable)} without waiting.
     *
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument pairs, as {@code Map.entry(a, b)}
     * @param options   chunk size, per-task timeout, progress listener
     * @return the pending list of results in order
     * @throws IllegalArgumentException when an element is not a {@link Map.Entry}, or as
     *         {@link #applyAsync(SerializableCallable)} throws it
     * @throws RejectedExecutionException when the pool was shut down or terminated
     */
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
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <C>       the third argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument tuples, each a {@link List} of three elements
     * @return the results, one per tuple, in order
     * @throws IllegalArgumentException when a tuple does not hold exactly three elements, or as
     *         {@link #map(SerializableFunction, Iterable)} throws it
     * @throws CompletionException when a task failed: its cause is the task's exception (the
     *         worker's {@link RemoteTraceback} attached as that exception's cause, or as a
     *         suppressed exception when it has a cause),
     *         {@link WorkerDiedException}, {@link TaskTimeoutException} or
     *         {@link BrokenPoolException}; or an item or result that could not be serialized; or,
     *         its cause an {@link InterruptedException}, the calling thread was interrupted while
     *         waiting (its interrupt status is kept; the call is cancelled if no worker took it yet,
     *         else it runs on and its results are dropped)
     * @throws java.util.concurrent.CancellationException when the call was cancelled, by
     *         {@link #terminate()} among others
     */
    public <A, B, C, R> List<R> starmap(SerializableFunction3<A, B, C, R> function, Iterable<? extends List<?>> arguments) {
        return await(starmapAsync(function, arguments, MapOptions.DEFAULTS));
    }

    /**
     * As {@link #starmap(SerializableFunction3, Iterable)} without waiting (Python's
     * {@code starmap_async}).
     *
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <C>       the third argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument tuples, each a {@link List} of three elements
     * @param options   chunk size, per-task timeout, progress listener
     * @return the pending list of results in order
     * @throws IllegalArgumentException when a tuple does not hold exactly three elements, or as
     *         {@link #applyAsync(SerializableCallable)} throws it
     * @throws RejectedExecutionException when the pool was shut down or terminated
     */
    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(SerializableFunction3<A, B, C, R> function,
                                                           Iterable<? extends List<?>> arguments, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.STARMAP_N, arguments, options, tupleOf(3));
    }

    /**
     * Like {@link #starmap(SerializableFunction3, Iterable)} for four arguments.
     *
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <C>       the third argument's type
     * @param <D>       the fourth argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument tuples, each a {@link List} of four elements
     * @return the results, one per tuple, in order
     * @throws IllegalArgumentException when a tuple does not hold exactly four elements, or as
     *         {@link #map(SerializableFunction, Iterable)} throws it
     * @throws CompletionException when a task failed: its cause is the task's exception (the
     *         worker's {@link RemoteTraceback} attached as that exception's cause, or as a
     *         suppressed exception when it has a cause),
     *         {@link WorkerDiedException}, {@link TaskTimeoutException} or
     *         {@link BrokenPoolException}; or an item or result that could not be serialized; or,
     *         its cause an {@link InterruptedException}, the calling thread was interrupted while
     *         waiting (its interrupt status is kept; the call is cancelled if no worker took it yet,
     *         else it runs on and its results are dropped)
     * @throws java.util.concurrent.CancellationException when the call was cancelled, by
     *         {@link #terminate()} among others
     */
    public <A, B, C, D, R> List<R> starmap(SerializableFunction4<A, B, C, D, R> function, Iterable<? extends List<?>> arguments) {
        return await(starmapAsync(function, arguments, MapOptions.DEFAULTS));
    }

    /**
     * As {@link #starmap(SerializableFunction4, Iterable)} without waiting (Python's
     * {@code starmap_async}).
     *
     * @param <A>       the first argument's type
     * @param <B>       the second argument's type
     * @param <C>       the third argument's type
     * @param <D>       the fourth argument's type
     * @param <R>       the results' type
     * @param function  what to apply
     * @param arguments the argument tuples, each a {@link List} of four elements
     * @param options   chunk size, per-task timeout, progress listener
     * @return the pending list of results in order
     * @throws IllegalArgumentException when a tuple does not hold exactly four elements, or as
     *         {@link #applyAsync(SerializableCallable)} throws it
     * @throws RejectedExecutionException when the pool was shut down or terminated
     */
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
        // the items are in memory: their chunks can go to a remote engine together (a lazy iterable
        // may block between items, and each of its chunks must go as soon as it is read)
        boolean burst = items instanceof Collection<?>;
        if (burst) {
            core.beginBurst();
        }
        try {
            Iterator<?> headItems = head.iterator();
            // a list in memory is copied once, in bulk, and cut into chunks (never changed after);
            // other input is read item by item into a list presized for the chunk (at most 65,536:
            // a huge chunksize of a short input must not allocate for items that never come)
            Object[] inMemory = check == null && items instanceof List<?> list && items instanceof RandomAccess ? list.toArray() : null;
            while (true) {
                if (inMemory != null) {
                    int from = (int) index;
                    int to = (int) Math.min(inMemory.length, (long) from + chunksize);
                    if (from >= to) {
                        break;
                    }
                    index = to;
                    submitChunk(ref, kind, Arrays.asList(Arrays.copyOfRange(inMemory, from, to)), options, call, gathered);
                    continue;
                }
                List<Object> chunk = new ArrayList<>((int) Math.min(chunksize, Math.min(known > 0 ? known : chunksize, 1 << 16)));
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
                submitChunk(ref, kind, chunk, options, call, gathered);
                if (chunk.size() < chunksize) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            call.abort(); // the chunks already submitted and not taken do not run
            result.completeExceptionally(e);
            throw e;
        } finally {
            if (burst) {
                core.endBurst();
            }
            closeStream(reading);
        }
        gathered.inputEnded(index);
        return result;
    }

    private void submitChunk(PoolCore.FunctionRefHandle ref, TaskKind kind, List<Object> chunk, MapOptions options,
                             CallTicket call, MapResults<?> gathered) {
        int number = gathered.chunkSubmitted();
        core.submit(ref, kind, chunk, options.timeout(), call, (values, error) -> gathered.chunkDone(number, values, error));
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
     * is done; the first failure fails it at once. Chunks complete on pool threads. Each chunk's
     * results are copied out (a decoded list of ints boxed) by the thread that delivers it, as it
     * arrives, so that the last chunk's thread only joins arrays: the copying spreads over the time
     * the workers still run, and over the threads that deliver.
     */
    private static final class MapResults<R> {
        private final AsyncResult<List<R>> result;
        private final ProgressListener progress;
        private final List<Object[]> chunks = new ArrayList<>();
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
            Object[] copied = values.toArray();
            synchronized (chunks) {
                chunks.set(number, copied);
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
                    for (Object[] chunk : chunks) {
                        all.addAll(Arrays.asList(chunk));
                    }
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
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read lazily on a pool thread
     * @return the results in item order, as they come; close it to leave early
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imap(function, items, MapOptions.DEFAULTS);
    }

    /**
     * {@link #imap(SerializableFunction, Iterable)} with options (Python's
     * {@code imap(f, iterable, chunksize)}, and 3.14's {@code buffersize} as the read-ahead).
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read lazily on a pool thread
     * @param options  chunk size (default 1), per-task timeout, progress listener, read-ahead
     * @return the results in item order, as they come
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items,
                                         MapOptions options) {
        return iterate(function, items, options, true, null, false);
    }

    /**
     * Results in completion order (Python's {@code imap_unordered}); reads its input as
     * {@link #imap(SerializableFunction, Iterable)} does.
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read lazily on a pool thread
     * @return the results in the order they complete
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imapUnordered(function, items, MapOptions.DEFAULTS);
    }

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} with options (Python's
     * {@code imap_unordered(f, iterable, chunksize)}).
     *
     * @param <T>      the items' type
     * @param <R>      the results' type
     * @param function what to apply
     * @param items    the input, read lazily on a pool thread
     * @param options  chunk size (default 1), per-task timeout, progress listener, read-ahead
     * @return the results in the order they complete
     * @throws RejectedExecutionException when the pool was shut down or terminated
     * @throws BrokenPoolException when the pool is broken (its workers could not start, or one
     *         died in {@linkplain Builder#breakOnWorkerDeath broken-pool mode})
     * @throws IllegalArgumentException when the function cannot be serialized or its classes are
     *         not on the workers' class path (the message names the class and field)
     * @throws NullPointerException when an argument is null
     */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function,
                                                  Iterable<? extends T> items, MapOptions options) {
        return iterate(function, items, options, false, null, false);
    }

    /**
     * How many chunks an imap reads ahead of its consumer unless {@link MapOptions#withReadAhead}
     * says otherwise: {@code max(256, 32 * processes)}, enough to keep every worker busy with
     * tasks of a few microseconds (see {@code bench/results/pool.md}).
     *
     * @return the number of chunks
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

    /**
     * Runs {@code command} in a worker, without a way to learn its outcome; an exception it throws
     * is dropped, as with a {@code ThreadPoolExecutor}'s {@code submit}.
     *
     * @param command what to run; on a child-JVM or cluster pool it must implement
     *                {@link Serializable} (declare a lambda as {@link SerializableRunnable})
     * @throws RejectedExecutionException when {@code command} is not serializable on a pool that
     *         needs it, or the pool was shut down
     * @throws NullPointerException when {@code command} is null
     */
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

    /**
     * Runs {@code task} in a worker (concurrent.futures' {@code submit(fn)}); as
     * {@link #applyAsync(SerializableCallable)} for any {@link Callable}.
     *
     * @param <T>  the result's type
     * @param task what to run; on a child-JVM or cluster pool it must implement {@link Serializable}
     * @return the pending result
     * @throws RejectedExecutionException when {@code task} is not serializable on a pool that
     *         needs it, or the pool was shut down
     * @throws NullPointerException when {@code task} is null
     */
    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        requireSerializable(task);
        Callable<T> body = task;
        return applyAsync(body::call);
    }

    /**
     * Runs {@code task} in a worker.
     *
     * @param task what to run; on a child-JVM or cluster pool it must implement {@link Serializable}
     * @return a result completed with null when the task ends
     * @throws RejectedExecutionException when {@code task} is not serializable on a pool that
     *         needs it, or the pool was shut down
     * @throws NullPointerException when {@code task} is null
     */
    @Override
    public AsyncResult<?> submit(Runnable task) {
        return submit(task, null);
    }

    /**
     * Runs {@code task} in a worker.
     *
     * @param <T>    the result's type
     * @param task   what to run; on a child-JVM or cluster pool it must implement {@link Serializable}
     * @param result the value to complete with when the task ends; it travels with the task
     * @return the pending result
     * @throws RejectedExecutionException when {@code task} is not serializable on a pool that
     *         needs it, or the pool was shut down
     * @throws NullPointerException when {@code task} is null
     */
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

    /**
     * Runs every task and waits for all of them, as {@link ExecutorService#invokeAll(Collection)}.
     *
     * @param <T>   the results' type
     * @param tasks what to run, each serializable on a child-JVM or cluster pool
     * @return the completed futures, in the order of {@code tasks}
     * @throws InterruptedException when the calling thread is interrupted while waiting; the
     *         tasks keep running
     * @throws RejectedExecutionException when a task is not serializable on a pool that needs
     *         it, or the pool was shut down
     */
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

    /**
     * Runs every task and waits for all of them up to the timeout, as
     * {@link ExecutorService#invokeAll(Collection, long, TimeUnit)}: at the timeout, the calls no
     * worker has taken are cancelled and never run; running ones run on, their results dropped.
     *
     * @param <T>     the results' type
     * @param tasks   what to run
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return the futures, in the order of {@code tasks}, each completed or cancelled
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws RejectedExecutionException when a task is not serializable on a pool that needs
     *         it, or the pool was shut down
     */
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

    /**
     * Runs the tasks and returns the result of the first to succeed, as
     * {@link ExecutorService#invokeAny(Collection)}; the others are cancelled when no worker has
     * taken them, else left to run with their results dropped.
     *
     * @param <T>   the result's type
     * @param tasks what to run, at least one
     * @return the first successful result
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws ExecutionException when every task failed; its cause is the last failure
     * @throws IllegalArgumentException when {@code tasks} is empty
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, waiting at most the timeout.
     *
     * @param <T>     the result's type
     * @param tasks   what to run, at least one
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return the first successful result
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws ExecutionException when every task failed
     * @throws TimeoutException when no task succeeded in time
     * @throws IllegalArgumentException when {@code tasks} is empty
     */
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
     * every open imap has read its input to the end. Returns at once; {@link #join()} or
     * {@link #awaitTermination} waits. Idempotent.
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

    /**
     * Python's {@code terminate()}: cancels queued tasks (their results fail with
     * {@link java.util.concurrent.CancellationException}), stops open imaps, and kills the
     * workers at once, failing the calls they were running. Returns without waiting; follow with
     * {@link #join()}. Idempotent.
     */
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

    /**
     * {@link #terminate()}; the tasks it cancels are failed with
     * {@link java.util.concurrent.CancellationException}.
     *
     * @return an empty list: the cancelled tasks are reported through their results, not returned
     */
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
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void join() throws InterruptedException {
        if (!closing) {
            core.checkJoinable();
        }
        core.awaitTermination(Long.MAX_VALUE);
        core.awaitProcessesExited(Long.MAX_VALUE);
        releaseViews();
    }

    /**
     * Whether the pool accepts no more calls.
     *
     * @return true after {@link #shutdown()}, {@link #terminate()} or {@link #close()}
     */
    @Override
    public boolean isShutdown() {
        return closing || core.isShutdown();
    }

    /**
     * Whether the pool has shut down and every worker has exited.
     *
     * @return true once nothing of the pool runs any more
     */
    @Override
    public boolean isTerminated() {
        return core.isTerminatedFully();
    }

    /**
     * Waits up to the timeout until, after a shutdown, every task is done and every worker
     * dismissed.
     *
     * @param timeout how long to wait, in {@code unit}
     * @param unit    the timeout's unit
     * @return true when terminated, false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return core.awaitTermination(unit.toNanos(timeout));
    }

    /**
     * Shuts down and waits for every submitted task, as {@link ExecutorService#close()} does
     * (not Python's {@code with Pool()}, which terminates). Interrupting the waiting thread
     * terminates the pool; the interrupt status is kept.
     */
    @Override
    public void close() {
        ExecutorService.super.close();
        releaseViews();
    }

    /**
     * Waits for a blocking call's result, throwing what {@link CompletableFuture#join()} throws, but
     * giving way to an interrupt of the waiting thread, as {@link StreamingResults#next()} does: the
     * call is cancelled if no worker took it yet (work already taken runs to its end, its results
     * dropped), the interrupt status is kept, and a {@link CompletionException} whose cause is the
     * {@link InterruptedException} reports it. With {@code join()} an interrupted caller (a task
     * cancelled with {@code Future.cancel(true)}, a structured-concurrency scope shutting down) waited
     * for the whole call.
     */
    private static <T> T await(AsyncResult<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the pool: the call "
                    + (result.isCancelled() ? "was cancelled before a worker took it" : "runs on, and its results are dropped"), e);
        } catch (java.util.concurrent.ExecutionException e) {
            return result.join(); // completed exceptionally: join throws what these calls always threw
        }
    }

    @Override
    public String toString() {
        return "Pool[engine=" + engine + ", processes=" + processes + ", state="
                + (isTerminated() ? "terminated" : isShutdown() ? "closed" : "running") + "]";
    }

    /**
     * Validated pool options: each setter checks its argument and {@link #build()} checks that
     * they fit the engine. Not thread-safe; one builder may build several pools.
     */
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
         * @param port the loopback port, 0 for any free one
         * @return this builder
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
         *
         * @param enabled whether to register the beans
         * @return this builder
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
         * @param classPath the entries, each of which must exist
         * @return this builder
         * @throws IllegalArgumentException when the path is blank or an entry does not exist
         */
        public Builder childClassPath(String classPath) {
            this.childClassPath = dev.mp4j.internal.process.ProcessEngine.validateClassPath(classPath);
            return this;
        }

        /**
         * Where tasks run; default {@link Engine#PROCESSES}. {@link Engine#CLUSTER} needs the
         * mp4j-cluster module and a {@link #redis Redis address}.
         *
         * @param engine the engine
         * @return this builder
         * @throws NullPointerException when {@code engine} is null
         */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The Redis server of an {@link Engine#CLUSTER} pool: {@code redis://[:password@]host:port},
         * {@code rediss://...} for TLS. Default: the {@code mp4j.redis} system property, then the
         * {@code MP4J_REDIS} environment variable.
         *
         * @param address the server's URL
         * @return this builder
         * @throws IllegalArgumentException when {@code address} is null or not a redis URL
         */
        public Builder redis(String address) {
            if (address == null || !(address.startsWith("redis://") || address.startsWith("rediss://"))) {
                throw new IllegalArgumentException("Redis address '" + address
                        + "' must look like redis://host:6379 (rediss://host:6379 for TLS)");
            }
            this.redis = address;
            return this;
        }

        /**
         * The number of workers (Python's {@code processes=}); default
         * {@link Multiprocessing#cpuCount()}. On {@link Engine#CLUSTER}, the number of workers
         * expected, which sizes map chunks.
         *
         * @param processes at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("Number of processes must be at least 1, got " + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * Runs once in every worker before its first task (Python's {@code initializer=} with its
         * {@code initargs} captured by the lambda). When it throws, the worker prints the stack
         * trace on its stderr and is replaced; after 3 such failures in a row the pool breaks
         * ({@link BrokenPoolException}) rather than restart workers without end.
         *
         * @param initializer what to run; serializable unless the engine runs in this JVM
         * @return this builder
         * @throws NullPointerException when {@code initializer} is null
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * Replaces a worker after it has run this many tasks (chunks) (Python's
         * {@code maxtasksperchild=}); default: never. Not for {@link Engine#CLUSTER}.
         *
         * @param maxTasks at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxTasksPerChild(int maxTasks) {
            if (maxTasks < 1) {
                throw new IllegalArgumentException("maxTasksPerChild must be >= 1, got " + maxTasks);
            }
            this.maxTasksPerChild = maxTasks;
            return this;
        }

        /**
         * Extra options for worker JVMs ({@code -Xmx512m}, {@code -Dkey=value});
         * {@link Engine#PROCESSES} only. Workers with extra options never come from warm spares.
         * Each call adds to the options given before.
         *
         * @param options the options, each starting with {@code -}
         * @return this builder
         * @throws IllegalArgumentException when an option is null or does not start with {@code -}
         */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                if (option == null || !option.startsWith("-")) {
                    throw new IllegalArgumentException("JVM option '" + option + "' must start with '-'");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /**
         * A name prefix for worker names and threads, seen in logs; default "Pool".
         *
         * @param name the prefix
         * @return this builder
         * @throws IllegalArgumentException when {@code name} is null or blank
         */
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
         *
         * @param enabled true for broken-pool mode
         * @return this builder
         */
        public Builder breakOnWorkerDeath(boolean enabled) {
            this.breakOnWorkerDeath = enabled;
            return this;
        }

        /**
         * Creates and starts the pool; its workers start in the background (from warm spare JVMs
         * when ready), so the first tasks may wait for them.
         *
         * <p>A {@link Engine#PROCESSES} pool's worker, a daemonic process as in Python, cannot
         * create a process pool ("daemonic processes are not allowed to have children"): a class
         * whose static initializer creates a pool and maps a lambda of its own would otherwise run
         * that initializer again in each worker, each making a pool of its own, without end. (A
         * manager's server process may: {@code Manager.pool}.)
         *
         * @return the pool, which the caller closes
         * @throws IllegalStateException when an option does not apply to the engine,
         *         {@link Engine#CLUSTER} has no Redis address, or a process pool's worker asks
         *         for an {@link Engine#PROCESSES} pool
         * @throws UnsupportedOperationException for {@link Engine#CLUSTER} without the
         *         mp4j-cluster module
         * @throws IllegalArgumentException when the initializer cannot be serialized
         */
        public Pool build() {
            if (engine == Engine.PROCESSES && dev.mp4j.internal.process.ChildContext.isPoolWorker()) {
                throw new IllegalStateException("daemonic processes are not allowed to have children: "
                        + Multiprocessing.currentProcess().name() + " (pid " + ProcessHandle.current().pid()
                        + ") was asked for a process pool. If a static initializer creates the pool (a static field,"
                        + " a static block), each worker ran it again when it loaded the class of a task: create the"
                        + " pool in main() or a method it calls. Inside a task, use a ThreadPool or Engine.THREADS");
            }
            if (engine == Engine.PROCESSES) {
                dev.mp4j.internal.process.ChildContext.checkNotBootstrapping("a process pool");
            }
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
