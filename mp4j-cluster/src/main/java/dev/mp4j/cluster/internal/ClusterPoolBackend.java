package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.pool.CallTicket;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.pool.PoolBackend;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.RemoteTasks;
import dev.mp4j.internal.pool.TaskKind;
import dev.mp4j.pool.TaskTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A {@code Pool} on {@code Engine.CLUSTER}: each job (a chunk of a map, or one call) becomes one
 * {@link ClusterTask} message on the cluster's task stream, run by whichever worker JVM takes it;
 * this JVM's {@link TaskDispatcher} sends and receives them in batches.
 *
 * <p>Delivery: a job's completion runs exactly once, keyed by its task number. Execution is
 * at-least-once: a task whose worker JVM dies is claimed and run by another worker once the dead
 * one's lease lapses (the task retry interval), and a late duplicate outcome is dropped. A task
 * whose outcome cannot arrive (Redis lost its data or stayed unreachable) fails with a
 * {@code ClusterConnectionException}, never left pending.
 *
 * <p>Lifecycle RUNNING → CLOSED (no new jobs; pending ones finish) or → TERMINATED (pending jobs
 * cancelled on the workers and failed with {@link CancellationException}); the dispatcher is
 * released once the pool is closed and no job is pending. Thread-safe.
 */
public final class ClusterPoolBackend implements PoolBackend {
    enum State { RUNNING, CLOSED, TERMINATED }

    private final TaskDispatcher dispatcher;
    private final String poolId = UUID.randomUUID().toString();
    private final byte[] initializer;
    private final List<String> initializerClasses;
    private final String name;
    private final Map<Long, TaskDispatcher.Submission> pending = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private volatile State state = State.RUNNING;
    private boolean released;
    /** Identity-keyed and bounded; only stateless functions, which encode the same every time. */
    private final Map<Object, PoolCore.FunctionRefHandle> recentFunctions = new java.util.IdentityHashMap<>();

    public ClusterPoolBackend(RedisAddress address, Object initializer, String name) {
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
        this.dispatcher = TaskDispatcher.acquire(address);
    }

    @Override
    public void start() {
    }

    /**
     * The handle of {@code function}, encoded once: a stateless function (a non-capturing lambda
     * is a singleton) is remembered, so a pool that maps it again does not encode it again.
     */
    @Override
    public PoolCore.FunctionRefHandle newFunction(Object function) {
        synchronized (recentFunctions) {
            PoolCore.FunctionRefHandle cached = recentFunctions.get(function);
            if (cached != null) {
                return cached;
            }
        }
        PoolCore.FunctionRefHandle handle = PoolCore.FunctionRefHandle.of(function);
        try {
            handle.encoded();
        } catch (SerializationException e) {
            throw new IllegalArgumentException("cannot send the task to a cluster worker: it is " + e.getMessage(), e);
        }
        if (isStateless(function)) {
            synchronized (recentFunctions) {
                if (recentFunctions.size() >= 256) {
                    recentFunctions.clear();
                }
                recentFunctions.put(function, handle);
            }
        }
        return handle;
    }

    private static boolean isStateless(Object function) {
        for (Class<?> c = function.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void submit(PoolCore.FunctionRefHandle function, TaskKind kind, List<?> items, Duration timeout, CallTicket call,
                       BiConsumer<List<Object>, Throwable> completion) {
        if (state != State.RUNNING) {
            throw rejected();
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
        long key = dispatcher.nextKey();
        ClusterTask task = new ClusterTask(key, dispatcher.replyTo(), poolId, initializer, trusted, kind, function.encoded(),
                encodedItems);
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw rejected();
            }
            TaskDispatcher.Submission submission = dispatcher.submit(task, call, (outcome, error) -> {
                try {
                    complete(outcome, error, completion);
                } finally {
                    removed(key);
                }
            });
            if (!submission.isDone()) {
                pending.put(key, submission);
            }
            if (timeout != null && !submission.isDone()) {
                dispatcher.timer().schedule(() -> dispatcher.cancel(submission, new TaskTimeoutException(timeout,
                        "cluster task of pool " + name + " was cancelled on its worker")), timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void beginBurst() {
        dispatcher.hold();
    }

    @Override
    public void endBurst() {
        dispatcher.release();
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("pool is " + (state == State.CLOSED ? "closed" : "terminated")
                + ": it accepts no new tasks");
    }

    /** Starmap's entries travel as two-element lists, as the process engine sends them. */
    @SuppressWarnings("unchecked")
    private static List<Object> encodableItems(TaskKind kind, List<?> items) {
        if (kind != TaskKind.STARMAP) {
            return (List<Object>) items; // encoded as they are, without a copy
        }
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

    private static void complete(TaskOutcome outcome, RuntimeException error, BiConsumer<List<Object>, Throwable> completion) {
        if (error != null) {
            completion.accept(null, error);
            return;
        }
        List<Object> results = null;
        Throwable failure;
        try {
            if (outcome.ok()) {
                @SuppressWarnings("unchecked")
                List<Object> decoded = (List<Object>) Codec.standard().decode(outcome.payload());
                results = decoded;
                failure = null;
            } else {
                failure = RemoteTasks.decodeFailure(outcome.payload());
            }
        } catch (RuntimeException e) {
            failure = new IllegalStateException("cannot decode the result of a cluster task from worker " + outcome.worker()
                    + ": " + e.getMessage(), e);
        }
        completion.accept(results, failure);
    }

    /** Called once per job, after its completion ran (possibly before {@link #submit} stored it). */
    private void removed(long key) {
        lock.lock();
        try {
            pending.remove(key);
            if (pending.isEmpty()) {
                drained.signalAll();
                if (state != State.RUNNING) {
                    releaseDispatcher();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The number of jobs submitted and not yet completed. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public List<Long> workerPids() {
        return ClusterMembers.list(dispatcher.client()).stream().map(ClusterMembers.Member::pid).toList();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            if (pending.isEmpty()) {
                releaseDispatcher();
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels the jobs of calls that can still be cancelled: those not yet sent to Redis (once a
     * task is in the stream a worker may have taken it, and a call that may have started cannot be
     * cancelled).
     */
    @Override
    public int cancelQueued() {
        List<TaskDispatcher.Submission> candidates;
        lock.lock();
        try {
            candidates = List.copyOf(pending.values());
        } finally {
            lock.unlock();
        }
        int count = 0;
        for (TaskDispatcher.Submission submission : candidates) {
            if (submission.call != null && !submission.isSent() && submission.call.cancel()
                    && dispatcher.cancel(submission, new CancellationException("the pool was shut down with cancelFutures before"
                    + " this task was sent to the cluster"))) {
                count++;
            }
        }
        return count;
    }

    @Override
    public int terminate() {
        List<TaskDispatcher.Submission> cancelled;
        lock.lock();
        try {
            state = State.TERMINATED;
            cancelled = List.copyOf(pending.values());
        } finally {
            lock.unlock();
        }
        int count = 0;
        for (TaskDispatcher.Submission submission : cancelled) {
            if (dispatcher.cancel(submission, new CancellationException("pool was terminated"))) {
                count++;
            }
        }
        close();
        return count;
    }

    /** Under {@code lock}. */
    private void releaseDispatcher() {
        if (!released) {
            released = true;
            TaskDispatcher.release(dispatcher);
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
