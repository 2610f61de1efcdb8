package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.pool.CallTicket;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.RemoteTasks;
import dev.mp4j.internal.pool.TaskKind;
import dev.mp4j.pool.TaskTimeoutException;
import org.redisson.api.ExecutorOptions;
import org.redisson.api.RExecutorFuture;
import org.redisson.api.RExecutorService;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A {@code Pool} on {@code Engine.CLUSTER}: each job becomes one {@link ClusterTask} on the
 * cluster's Redisson executor, run by whichever worker JVM takes it.
 *
 * <p>Delivery: a job's completion runs exactly once, keyed by the Redisson task id. Execution is
 * at-least-once: a task whose worker JVM dies is run again by another worker after the task retry
 * interval (Redisson's executor), and a late duplicate result is dropped here. A task whose
 * result cannot arrive (Redis lost its data or stayed unreachable) is failed by the
 * {@link RedisWatchdog}, never left pending.
 *
 * <p>Lifecycle RUNNING → CLOSED (no new jobs; pending ones finish) or → TERMINATED (pending jobs
 * cancelled on the workers and failed with {@link CancellationException}); the connection is
 * released once the pool is closed and no job is pending. Thread-safe.
 */
public final class ClusterPoolBackend implements PoolBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoolBackend.class);

    enum State { RUNNING, CLOSED, TERMINATED }

    private final RedisAddress address;
    private final RedissonClient client;
    private final RExecutorService executor;
    private final String poolId = UUID.randomUUID().toString();
    private final byte[] initializer;
    private final List<String> initializerClasses;
    private final String name;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.LinkedBlockingQueue<Pending> toSubmit = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong keys = new java.util.concurrent.atomic.AtomicLong();
    private final Thread submitter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final RedisWatchdog watchdog;
    private volatile State state = State.RUNNING;
    private boolean released;

    /**
     * One job: queued for submission, then submitted ({@code taskId} set), then done. {@code done}
     * makes its completion run once whatever races to it (a result, a duplicate result of a
     * re-run, a timeout, termination, a lost Redis).
     */
    private static final class Pending {
        final long key;
        final ClusterTask task;
        final BiConsumer<List<Object>, Throwable> completion;
        final CallTicket call;
        final AtomicBoolean done = new AtomicBoolean();
        volatile String taskId;
        volatile long submittedNanos;
        /** Which submission the live Redisson future belongs to; errors of an older one are ignored. */
        volatile int attempt;
        final AtomicBoolean holdsPermit = new AtomicBoolean();

        Pending(long key, ClusterTask task, CallTicket call, BiConsumer<List<Object>, Throwable> completion) {
            this.key = key;
            this.task = task;
            this.call = call;
            this.completion = completion;
        }

        boolean finish(List<Object> results, Throwable error) {
            if (done.compareAndSet(false, true)) {
                completion.accept(results, error);
                return true;
            }
            return false;
        }
    }

    public ClusterPoolBackend(RedisAddress address, Object initializer, String name) {
        this.address = address;
        this.name = name;
        if (initializer != null) {
            PoolCore.FunctionRefHandle handle = PoolCore.FunctionRefHandle.of(initializer);
            try {
                this.initializer = handle.encoded();
            } catch (SerializationException e) {
                throw new IllegalArgumentException("pool initializer is " + e.getMessage(), e);
            }
            this.initializerClasses = handle.classes();
        } else {
            this.initializer = null;
            this.initializerClasses = List.of();
        }
        this.client = RedisConnections.acquire(address);
        this.executor = client.getExecutorService(ClusterNames.EXECUTOR, Mp4jRedissonCodec.INSTANCE,
                ExecutorOptions.defaults().taskRetryInterval(ClusterNames.taskRetryInterval().toMillis(), TimeUnit.MILLISECONDS));
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name + "-cluster-timer").factory());
        this.watchdog = new RedisWatchdog(client, address, timer, this::failAll);
        this.submitter = Thread.ofPlatform().daemon().name(name + "-cluster-submitter").unstarted(this::submitLoop);
    }

    @Override
    public void start() {
        watchdog.start();
        submitter.start();
        long period = ClusterNames.taskRetryInterval().toMillis();
        timer.scheduleWithFixedDelay(this::requeueOrphans, period, period, TimeUnit.MILLISECONDS);
    }

    private static final String REQUEST_QUEUE = "{" + ClusterNames.EXECUTOR + ":org.redisson.executor.RemoteExecutorService}";

    /**
     * Re-queues tasks that Redis still holds but nothing will run: in its hash of tasks, not in
     * the request queue, and without the retry entry that Redisson's scheduler would use to run
     * them again (seen after a worker JVM was killed while taking a task). Such a task is pushed
     * back with a fresh retry entry, as Redisson's own retry does; a task that is queued, running
     * (its worker renews its retry entry) or done is left alone. Execution stays at-least-once
     * and the caller still completes each task once.
     */
    private void requeueOrphans() {
        try {
            resubmitAfterWorkerDeath();
        } catch (RuntimeException e) {
            LOG.debug("pool {}: worker death check failed: {}", name, e.toString());
        }
        long minimumAge = 2 * ClusterNames.taskRetryInterval().toNanos();
        long now = System.nanoTime();
        List<Object> arguments = new ArrayList<>();
        arguments.add(Long.toString(System.currentTimeMillis() + ClusterNames.taskRetryInterval().toMillis()));
        for (Pending entry : pending.values()) {
            if (entry.taskId != null && !entry.done.get() && now - entry.submittedNanos > minimumAge) {
                arguments.add(entry.taskId);
            }
        }
        if (arguments.size() == 1) {
            return;
        }
        try {
            Long requeued = client.getScript(org.redisson.client.codec.StringCodec.INSTANCE).eval(
                    org.redisson.api.RScript.Mode.READ_WRITE,
                    "local n = 0 "
                    + "for i = 2, #ARGV do "
                    + "  local id = ARGV[i] "
                    + "  if redis.call('hexists', KEYS[1], id) == 1 and redis.call('zscore', KEYS[2], 'ff:' .. id) == false "
                    + "     and redis.call('lpos', KEYS[3], id) == false then "
                    + "    redis.call('zadd', KEYS[2], ARGV[1], 'ff:' .. id) "
                    + "    redis.call('rpush', KEYS[3], id) "
                    + "    n = n + 1 "
                    + "  end "
                    + "end "
                    + "return n",
                    org.redisson.api.RScript.ReturnType.INTEGER,
                    List.of(REQUEST_QUEUE + ":tasks", REQUEST_QUEUE + ":scheduler", REQUEST_QUEUE),
                    arguments.toArray());
            if (requeued != null && requeued > 0) {
                LOG.warn("pool {}: re-queued {} cluster task(s) that no worker would run again", name, requeued);
            }
        } catch (RuntimeException e) {
            LOG.debug("pool {}: orphan check failed: {}", name, e.toString());
        }
    }

    /**
     * Sends queued jobs to Redis from one thread, pipelined (see {@link #submitBatch}), so a
     * map of many chunks neither floods the connection pool nor pays a round trip per chunk.
     */
    private void submitLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(toSubmit.take());
            } catch (InterruptedException e) {
                return;
            }
            toSubmit.drainTo(batch, BATCH - 1);
            batch.removeIf(entry -> entry.done.get());
            if (!batch.isEmpty()) {
                submitBatch(batch);
            }
            batch.clear();
        }
    }

    private static final int BATCH = 256;

    /** Tasks submitted to Redis and not yet done: bounds the pipelined writes and the work parked in Redis. */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(512);

    /**
     * Submits each task on its own (Redisson's batch submission does not give tasks the retry
     * entry that re-runs them when their worker dies), pipelined: at most 512 tasks submitted and not yet done.
     */
    private void submitBatch(List<Pending> batch) {
        for (Pending entry : batch) {
            if (entry.done.get()) {
                continue;
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            entry.holdsPermit.set(true);
            if (entry.done.get()) {
                releasePermit(entry);
                continue;
            }
            if (!entry.call.tryStart()) { // cancelled while queued here: it never reaches Redis
                if (entry.finish(null, new CancellationException("the call was cancelled before it started"))) {
                    removed(entry);
                } else {
                    releasePermit(entry);
                }
                continue;
            }
            RExecutorFuture<TaskOutcome> future;
            try {
                future = executor.submitAsync(entry.task);
            } catch (RuntimeException e) {
                if (entry.finish(null, new dev.mp4j.cluster.ClusterConnectionException(
                        "cannot submit a cluster task to Redis at " + address.uri() + ": " + e.getMessage(), e))) {
                    removed(entry);
                }
                continue;
            }
            entry.submittedNanos = System.nanoTime();
            entry.taskId = future.getTaskId();
            if (entry.done.get()) {
                executor.cancelTaskAsync(entry.taskId);
            }
            int attempt = entry.attempt;
            future.whenComplete((outcome, error) -> onResult(entry, attempt, outcome, error));
        }
    }

    /** The worker JVMs seen alive at the last check, and when one was last seen gone (timer thread only). */
    private java.util.Set<String> knownMembers = java.util.Set.of();
    private long lastDeathNanos;

    /**
     * After a worker JVM dies, submits again, once per death, each task that was submitted before
     * the death and is still not done three retry intervals later. Redisson re-runs a dead
     * worker's task from its retry entry, but a killed worker can leave a task (or its result) in a
     * state nothing completes, and the caller would wait for ever; a fresh submission cannot. The
     * first result completes the job, later ones are dropped: execution at-least-once, delivery
     * exactly-once.
     */
    private void resubmitAfterWorkerDeath() {
        java.util.Set<String> alive = new java.util.HashSet<>();
        ClusterMembers.list(client).forEach(member -> alive.add(member.id()));
        if (!alive.containsAll(knownMembers)) {
            lastDeathNanos = System.nanoTime();
        }
        knownMembers = alive;
        long now = System.nanoTime();
        if (lastDeathNanos == 0 || now - lastDeathNanos < 3 * ClusterNames.taskRetryInterval().toNanos()) {
            return;
        }
        int resubmitted = 0;
        for (Pending entry : pending.values()) {
            if (entry.taskId != null && !entry.done.get() && entry.submittedNanos < lastDeathNanos) {
                RExecutorFuture<TaskOutcome> future;
                try {
                    future = executor.submitAsync(entry.task);
                } catch (RuntimeException e) {
                    LOG.debug("pool {}: re-submitting a cluster task failed: {}", name, e.toString());
                    return;
                }
                int attempt = ++entry.attempt;
                entry.taskId = future.getTaskId();
                entry.submittedNanos = System.nanoTime();
                future.whenComplete((outcome, error) -> onResult(entry, attempt, outcome, error));
                resubmitted++;
            }
        }
        if (resubmitted > 0) {
            LOG.warn("pool {}: submitted {} cluster task(s) again after a worker JVM died", name, resubmitted);
        }
    }

    @Override
    public PoolCore.FunctionRefHandle newFunction(Object function) {
        PoolCore.FunctionRefHandle handle = PoolCore.FunctionRefHandle.of(function);
        try {
            handle.encoded();
        } catch (SerializationException e) {
            throw new IllegalArgumentException("cannot send the task to a cluster worker: it is " + e.getMessage(), e);
        }
        return handle;
    }

    @Override
    public void submit(PoolCore.FunctionRefHandle function, TaskKind kind, List<?> items, Duration timeout, CallTicket call,
                       BiConsumer<List<Object>, Throwable> completion) {
        if (state != State.RUNNING) {
            throw new RejectedExecutionException("pool is " + (state == State.CLOSED ? "closed" : "terminated")
                    + ": it accepts no new tasks");
        }
        byte[] encodedItems = null;
        if (kind != TaskKind.CALL) {
            try {
                encodedItems = Codec.standard().encode(ValueList.wrap(encodableItems(kind, items)));
            } catch (SerializationException e) {
                completion.accept(null, new IllegalArgumentException("cannot send the task's arguments to a cluster worker: "
                        + e.getMessage(), e));
                return;
            }
        }
        List<String> trusted = new ArrayList<>(function.classes());
        trusted.addAll(initializerClasses);
        ClusterTask task = new ClusterTask(poolId, initializer, trusted, kind, function.encoded(), encodedItems);
        Pending entry = new Pending(keys.incrementAndGet(), task, call, completion);
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException("pool is " + (state == State.CLOSED ? "closed" : "terminated")
                        + ": it accepts no new tasks");
            }
            pending.put(entry.key, entry);
        } finally {
            lock.unlock();
        }
        toSubmit.add(entry);
        if (timeout != null) {
            timer.schedule(() -> {
                if (entry.finish(null, new TaskTimeoutException(timeout, "cluster task of pool " + name
                        + " was cancelled on its worker"))) {
                    String taskId = entry.taskId;
                    if (taskId != null) {
                        executor.cancelTaskAsync(taskId);
                    }
                    removed(entry);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public int cancelQueued() {
        List<Pending> cancelled = new ArrayList<>();
        toSubmit.removeIf(entry -> {
            if (!entry.done.get() && entry.call.cancel()) {
                cancelled.add(entry);
                return true;
            }
            return false;
        });
        for (Pending entry : cancelled) {
            if (entry.finish(null, new CancellationException("the pool was shut down with cancelFutures before this task started"))) {
                removed(entry);
            }
        }
        return cancelled.size();
    }

    /** Starmap's entries travel as two-element lists, as the process engine sends them. */
    private static List<Object> encodableItems(TaskKind kind, List<?> items) {
        List<Object> encodable = new ArrayList<>(items.size());
        for (Object item : items) {
            if (kind == TaskKind.STARMAP && item instanceof Map.Entry<?, ?> entry) {
                encodable.add(ValueList.wrap(java.util.Arrays.asList(entry.getKey(), entry.getValue())));
            } else {
                encodable.add(item);
            }
        }
        return encodable;
    }

    private void onResult(Pending entry, int attempt, TaskOutcome outcome, Throwable error) {
        String taskId = entry.taskId;
        if (entry.done.get()) {
            LOG.debug("dropping a duplicate or late result of cluster task {}", taskId);
            return;
        }
        if (error != null && attempt != entry.attempt && state == State.RUNNING) {
            LOG.debug("ignoring the failure of a superseded submission of cluster task {}: {}", taskId, error.toString());
            return;
        }
        List<Object> results = null;
        Throwable failure = error;
        if (failure == null) {
            try {
                if (outcome.ok()) {
                    @SuppressWarnings("unchecked")
                    List<Object> decoded = (List<Object>) Codec.standard().decode(outcome.payload());
                    results = decoded;
                } else {
                    failure = RemoteTasks.decodeFailure(outcome.payload());
                }
            } catch (RuntimeException e) {
                failure = new IllegalStateException("cannot decode the result of cluster task " + taskId + " from worker "
                        + outcome.worker() + ": " + e.getMessage(), e);
            }
        } else if (failure instanceof CancellationException && state == State.TERMINATED) {
            failure = new CancellationException("pool was terminated");
        } else {
            failure = new IllegalStateException("cluster task " + taskId + " failed in Redisson: " + failure, failure);
        }
        entry.finish(results, failure);
        removed(entry);
    }

    private void releasePermit(Pending entry) {
        if (entry.holdsPermit.compareAndSet(true, false)) {
            inFlight.release();
        }
    }

    private void removed(Pending entry) {
        releasePermit(entry);
        lock.lock();
        try {
            pending.remove(entry.key);
            if (pending.isEmpty()) {
                drained.signalAll();
                if (state != State.RUNNING) {
                    releaseConnection();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails every pending job: called when Redis lost the tasks or stayed unreachable. */
    private void failAll(RuntimeException reason) {
        for (Pending entry : List.copyOf(pending.values())) {
            if (entry.finish(null, reason)) {
                removed(entry);
            }
        }
    }

    /** The number of jobs submitted and not yet completed. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public List<Long> workerPids() {
        return ClusterMembers.list(client).stream().map(ClusterMembers.Member::pid).toList();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            if (pending.isEmpty()) {
                releaseConnection();
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int terminate() {
        List<Pending> cancelled;
        lock.lock();
        try {
            state = State.TERMINATED;
            cancelled = List.copyOf(pending.values());
        } finally {
            lock.unlock();
        }
        int count = 0;
        for (Pending entry : cancelled) {
            if (entry.finish(null, new CancellationException("pool was terminated"))) {
                count++;
                String taskId = entry.taskId;
                if (taskId != null) {
                    try {
                        executor.cancelTaskAsync(taskId);
                    } catch (RuntimeException e) {
                        LOG.debug("cancelling cluster task {} failed", taskId, e);
                    }
                }
            }
            removed(entry);
        }
        close();
        return count;
    }

    /**
     * Called under {@code lock}, often on a Redisson thread (a result's callback): shutting a
     * Redisson client down there would wait for that very thread, so the release runs on its own.
     */
    private void releaseConnection() {
        if (!released) {
            released = true;
            watchdog.stop();
            timer.shutdownNow();
            submitter.interrupt();
            Thread.ofPlatform().daemon().name(name + "-cluster-release").start(() -> RedisConnections.release(address));
        }
    }

    @Override
    public boolean isShutdown() {
        return state != State.RUNNING;
    }

    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (!(state != State.RUNNING && pending.isEmpty())) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = drained.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminatedFully() {
        return state != State.RUNNING && pending.isEmpty();
    }

    @Override
    public void checkJoinable() {
        if (state == State.RUNNING) {
            throw new IllegalStateException("join() needs close() or terminate() first (the pool is still running)");
        }
    }
}
