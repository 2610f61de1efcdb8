package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.MissingClassException;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.pool.RemoteTasks;
import dev.mp4j.internal.pool.TaskKind;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one task class Redisson's executor carries for mp4j: a pool job (function, kind, items) in
 * mp4j's own encoding. It is part of mp4j-cluster, so it is on every worker's class path; the
 * application classes it needs (the function's, the items') must be too, and a missing one fails
 * the task with an error naming it.
 *
 * <p>The function's classes were written by the caller's JVM, which the worker trusts as the
 * process engine's children trust their parent (both authenticated: here by the Redis password);
 * they are allow-listed before decoding. {@link #call()} never throws: every failure is returned
 * as a {@link TaskOutcome}, so that it reaches the caller with its stack trace.
 *
 * <p>Worker-side caches (decoded functions, initialized pools) are per JVM and thread-safe.
 */
public final class ClusterTask implements Callable<TaskOutcome>, Serializable {
    private static final Map<ByteBuffer, Object> FUNCTIONS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
            return size() > 256;
        }
    };
    private static final Map<String, Boolean> INITIALIZED = new ConcurrentHashMap<>();

    private final String poolId;
    private final byte[] initializer;
    private final List<String> trustedClasses;
    private final int kind;
    private final byte[] function;
    private final byte[] items;

    public ClusterTask(String poolId, byte[] initializer, List<String> trustedClasses, TaskKind kind, byte[] function,
                       byte[] items) {
        this.poolId = poolId;
        this.initializer = initializer;
        this.trustedClasses = List.copyOf(trustedClasses);
        this.kind = kind.ordinal();
        this.function = function;
        this.items = items;
    }

    @Override
    public TaskOutcome call() {
        String worker = WorkerIdentity.id();
        try {
            SerialAllowList.allowClasses(trustedClasses);
            initializeOnce();
            Object decoded = decodeFunction();
            List<?> arguments = items == null ? List.of() : (List<?>) Codec.standard().decode(items);
            List<Object> results = RemoteTasks.run(TaskKind.values()[kind], decoded, arguments);
            byte[] encoded;
            try {
                encoded = Codec.standard().encode(ValueList.wrap(results));
            } catch (SerializationException e) {
                throw new IllegalStateException("the task's result cannot be sent back from worker " + worker + ": "
                        + e.getMessage(), e);
            }
            return new TaskOutcome(true, encoded, worker);
        } catch (Throwable t) {
            return new TaskOutcome(false, RemoteTasks.encodeFailure(explainMissingClass(t, worker)), worker);
        }
    }

    private void initializeOnce() {
        if (initializer == null || INITIALIZED.containsKey(poolId)) {
            return;
        }
        synchronized (INITIALIZED) {
            if (INITIALIZED.containsKey(poolId)) {
                return;
            }
            ((Runnable) Codec.standard().decode(initializer)).run();
            INITIALIZED.put(poolId, Boolean.TRUE);
        }
    }

    private Object decodeFunction() {
        ByteBuffer key = ByteBuffer.wrap(function);
        synchronized (FUNCTIONS) {
            Object cached = FUNCTIONS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Object decoded = Codec.standard().decode(function);
        synchronized (FUNCTIONS) {
            FUNCTIONS.put(key, decoded);
        }
        return decoded;
    }

    /** A class missing on this worker becomes an error that names it and says how to deploy it. */
    static Throwable explainMissingClass(Throwable t, String worker) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClassNotFoundException || c instanceof NoClassDefFoundError) {
                String name = c.getMessage() == null ? "?" : c.getMessage().replace('/', '.');
                return new MissingClassException(name, worker, t);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t;
    }
}
