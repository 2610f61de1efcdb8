package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.TaskKind;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * <p>Thread-safe: any thread may submit; results complete on pool threads.
 */
public final class Pool implements ExecutorService {
    private final PoolBackend core;
    private final Engine engine;
    private final int processes;

    private Pool(Builder builder) {
        this.engine = builder.engine;
        this.processes = builder.processes;
        this.core = builder.engine == Engine.CLUSTER ? clusterBackend(builder)
                : new PoolCore(builder.engine, builder.processes, builder.initializer, builder.maxTasksPerChild,
                        builder.jvmOptions, builder.childClassPath, builder.name);
        core.start();
    }

    private static PoolBackend clusterBackend(Builder builder) {
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
        return factory.create(new dev.mp4j.spi.ClusterPoolFactory.Request(address, builder.processes, builder.initializer,
                builder.name));
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
        AsyncResult<R> result = new AsyncResult<>();
        PoolCore.FunctionRefHandle function = core.newFunction(task);
        core.submit(function, TaskKind.CALL, List.of(), options.timeout(), (results, error) -> {
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

    /** Applies {@code function} to every item, in parallel, results in item order (Python's {@code map}). */
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

    /** Python's {@code map_async}; the result is a list in item order; the first failure fails it. */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> function,
                                                 Iterable<? extends T> items, MapOptions options) {
        Objects.requireNonNull(function, "function");
        return runChunks(function, TaskKind.MAP, materialize(items), options);
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
        return runChunks(function, TaskKind.STARMAP, materialize(arguments), options);
    }

    private <R> AsyncResult<List<R>> runChunks(Object function, TaskKind kind, List<?> items, MapOptions options) {
        AsyncResult<List<R>> result = new AsyncResult<>();
        int chunksize = options.chunksize() > 0 ? options.chunksize() : defaultChunksize(items.size());
        PoolCore.FunctionRefHandle ref = core.newFunction(function);
        if (items.isEmpty()) {
            result.complete(List.of());
            return result;
        }
        Object[] results = new Object[items.size()];
        int chunks = (items.size() + chunksize - 1) / chunksize;
        AtomicInteger remaining = new AtomicInteger(chunks);
        AtomicLong done = new AtomicLong();
        ProgressListener progress = options.progress();
        for (int start = 0; start < items.size(); start += chunksize) {
            int from = start;
            List<?> chunk = items.subList(from, Math.min(items.size(), from + chunksize));
            core.submit(ref, kind, chunk, options.timeout(), (values, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                    return;
                }
                for (int i = 0; i < values.size(); i++) {
                    results[from + i] = values.get(i);
                }
                if (progress != null) {
                    progress.onProgress(done.addAndGet(values.size()), items.size());
                }
                if (remaining.decrementAndGet() == 0) {
                    @SuppressWarnings("unchecked")
                    List<R> list = (List<R>) Arrays.asList(results);
                    result.complete(list);
                }
            });
        }
        return result;
    }

    /** Python's rule: about four chunks per worker. */
    int defaultChunksize(int items) {
        int perWorker = processes * 4;
        int chunksize = items / perWorker;
        return items % perWorker != 0 ? chunksize + 1 : Math.max(1, chunksize);
    }

    // ---------------------------------------------------------------- imap

    /** Lazily ordered results (Python's {@code imap}, chunksize 1 by default). */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imap(function, items, MapOptions.DEFAULTS);
    }

    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> function, Iterable<? extends T> items,
                                         MapOptions options) {
        return iterate(function, items, options, true);
    }

    /** Results in completion order (Python's {@code imap_unordered}). */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function, Iterable<? extends T> items) {
        return imapUnordered(function, items, MapOptions.DEFAULTS);
    }

    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> function,
                                                  Iterable<? extends T> items, MapOptions options) {
        return iterate(function, items, options, false);
    }

    private <R> ResultIterator<R> iterate(Object function, Iterable<?> items, MapOptions options, boolean ordered) {
        Objects.requireNonNull(function, "function");
        List<?> list = materialize(items);
        int chunksize = options.chunksize() > 0 ? options.chunksize() : 1;
        PoolCore.FunctionRefHandle ref = core.newFunction(function);
        int chunks = (list.size() + chunksize - 1) / chunksize;
        List<CompletableFuture<List<Object>>> futures = new ArrayList<>(chunks);
        BlockingQueue<CompletableFuture<List<Object>>> completed = new ArrayBlockingQueue<>(Math.max(1, chunks));
        AtomicLong done = new AtomicLong();
        ProgressListener progress = options.progress();
        for (int start = 0; start < list.size(); start += chunksize) {
            CompletableFuture<List<Object>> future = new CompletableFuture<>();
            futures.add(future);
            core.submit(ref, TaskKind.MAP, list.subList(start, Math.min(list.size(), start + chunksize)), options.timeout(),
                    (values, error) -> {
                        if (error != null) {
                            future.completeExceptionally(error);
                        } else {
                            future.complete(values);
                            if (progress != null) {
                                progress.onProgress(done.addAndGet(values.size()), list.size());
                            }
                        }
                        completed.add(future);
                    });
        }
        return new ChunkIterator<>(futures, completed, ordered);
    }

    private static final class ChunkIterator<R> implements ResultIterator<R> {
        private final List<CompletableFuture<List<Object>>> futures;
        private final BlockingQueue<CompletableFuture<List<Object>>> completed;
        private final boolean ordered;
        private int nextChunk;
        private List<Object> current = List.of();
        private int position;

        ChunkIterator(List<CompletableFuture<List<Object>>> futures, BlockingQueue<CompletableFuture<List<Object>>> completed,
                      boolean ordered) {
            this.futures = futures;
            this.completed = completed;
            this.ordered = ordered;
        }

        @Override
        public boolean hasNext() {
            return position < current.size() || nextChunk < futures.size();
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
                if (nextChunk >= futures.size()) {
                    throw new java.util.NoSuchElementException("no more results");
                }
                CompletableFuture<List<Object>> chunk;
                if (ordered) {
                    chunk = futures.get(nextChunk);
                    if (timeout != null) {
                        try {
                            chunk.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                        } catch (ExecutionException ignored) {
                            // rethrown by join below
                        }
                    }
                } else {
                    chunk = timeout == null ? completed.take() : completed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (chunk == null) {
                        throw new TimeoutException("no result within " + timeout);
                    }
                }
                nextChunk++;
                position = 0;
                current = List.of();
                current = chunk.join();
            }
            return (R) current.get(position++);
        }
    }

    private static List<?> materialize(Iterable<?> items) {
        Objects.requireNonNull(items, "items");
        if (items instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
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
                futures.forEach(f -> f.cancel(true));
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
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** Python's {@code close()}: no new tasks; workers exit once the queued ones are done. */
    @Override
    public void shutdown() {
        core.close();
    }

    /** Python's {@code terminate()}: cancels queued tasks, kills the workers at once. */
    public void terminate() {
        core.terminate();
    }

    /** {@link #terminate()}; the tasks it cancels are failed with {@link java.util.concurrent.CancellationException}. */
    @Override
    public List<Runnable> shutdownNow() {
        core.terminate();
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
        core.checkJoinable();
        core.awaitTermination(Long.MAX_VALUE);
        core.awaitProcessesExited(Long.MAX_VALUE);
    }

    @Override
    public boolean isShutdown() {
        return core.isShutdown();
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

        private Builder() {
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

        public Pool build() {
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
