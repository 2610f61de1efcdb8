package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.MissingClassException;
import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.pool.RemoteTasks;
import dev.mp4j.internal.pool.TaskKind;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pool job as it travels in a task message on {@link ClusterNames#TASK_STREAM}: who waits for
 * it ({@code replyTo}, {@code key}), the pool (its id and initializer), the function and the items
 * in mp4j's own encoding. The envelope itself is a fixed binary layout read with bounds checks, so
 * nothing in it is deserialized as an object; the function, initializer and items are decoded
 * through mp4j's codec and its allow-list.
 *
 * <p>The function's classes were written by the caller's JVM, which the worker trusts as the
 * process engine's children trust their parent (both authenticated: here by the Redis password);
 * they are allow-listed before decoding. {@link #run()} never throws: every failure becomes a
 * {@link TaskOutcome}, so that it reaches the caller with its stack trace.
 *
 * <p>Worker-side caches (decoded functions, initialized pools) are per JVM and thread-safe.
 *
 * @param key          the caller's number for this job, echoed in its outcome
 * @param replyTo      the Redis list the outcome goes to
 * @param poolId       the pool's id (an initializer runs once per pool and worker JVM)
 * @param initializer  the pool's encoded initializer, or null
 * @param trustedClasses the classes of the function and initializer, written by the caller
 * @param kind         how to apply the function to the items
 * @param function     the encoded function
 * @param items        the encoded item list, or null for a call
 */
public record ClusterTask(long key, String replyTo, String poolId, byte[] initializer, List<String> trustedClasses,
                          TaskKind kind, byte[] function, byte[] items) {
    private static final int MAGIC = 0x6d70_7401; // "mpt" v1
    private static final Map<ByteBuffer, Object> FUNCTIONS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
            return size() > 256;
        }
    };
    private static final Map<String, Boolean> INITIALIZED = new ConcurrentHashMap<>();

    public ClusterTask {
        trustedClasses = List.copyOf(trustedClasses);
    }

    public byte[] encode() {
        BytesOutput out = new BytesOutput(64 + function.length + (items == null ? 0 : items.length));
        out.writeInt(MAGIC);
        out.writeLong(key);
        out.writeString(replyTo);
        out.writeString(poolId);
        out.writeByte(kind.ordinal());
        out.writeInt(trustedClasses.size());
        trustedClasses.forEach(out::writeString);
        writeBytes(out, initializer);
        writeBytes(out, function);
        writeBytes(out, items);
        return out.toByteArray();
    }

    private static void writeBytes(BytesOutput out, byte[] bytes) {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
    }

    /**
     * Reads a task message.
     *
     * @throws SerializationException if it is not one (truncated, or not written by mp4j)
     */
    public static ClusterTask decode(byte[] message) {
        BytesInput in = new BytesInput(message, 0, message.length);
        if (in.readInt() != MAGIC) {
            throw new SerializationException("not an mp4j task message");
        }
        long key = in.readLong();
        String replyTo = in.readString();
        String poolId = in.readString();
        int kind = in.readByte();
        if (kind < 0 || kind >= TaskKind.values().length) {
            throw new SerializationException("malformed task message: task kind " + kind);
        }
        int classes = in.readInt();
        if (classes < 0 || classes > in.remaining() / 4) {
            throw new SerializationException("malformed task message: " + classes + " class names");
        }
        List<String> trusted = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            trusted.add(in.readString());
        }
        byte[] initializer = readBytes(in);
        byte[] function = readBytes(in);
        byte[] items = readBytes(in);
        if (function == null || in.remaining() != 0) {
            throw new SerializationException("malformed task message: no function, or trailing bytes");
        }
        return new ClusterTask(key, replyTo, poolId, initializer, trusted, TaskKind.values()[kind], function, items);
    }

    /**
     * Which call shape a task message belongs to, without decoding its items: a hash of its pool
     * and its encoded function (0 for a message that is not a task, which is dropped when run).
     * Tasks of one map share it; a worker uses it to tell tasks whose length it knows from those
     * it has not run yet.
     */
    static int shapeOf(byte[] message) {
        try {
            BytesInput in = new BytesInput(message, 0, message.length);
            if (in.readInt() != MAGIC) {
                return 0;
            }
            in.readLong();
            in.readString();
            String poolId = in.readString();
            in.readByte();
            int classes = in.readInt();
            if (classes < 0 || classes > in.remaining() / 4) {
                return 0;
            }
            for (int i = 0; i < classes; i++) {
                in.readString();
            }
            readBytes(in);
            byte[] function = readBytes(in);
            int shape = 31 * poolId.hashCode() + java.util.Arrays.hashCode(function);
            return shape == 0 ? 1 : shape;
        } catch (RuntimeException malformed) {
            return 0;
        }
    }

    private static byte[] readBytes(BytesInput in) {
        int length = in.readInt();
        return length == -1 ? null : in.readBytes(length);
    }

    /** Runs the job on this worker JVM; interrupting the calling thread cancels it. */
    public TaskOutcome run() {
        String worker = WorkerIdentity.id();
        try {
            SerialAllowList.allowClasses(trustedClasses);
            initializeOnce();
            Object decoded = decodeFunction();
            List<?> arguments = items == null ? List.of() : (List<?>) Codec.standard().decode(items);
            List<Object> results = RemoteTasks.run(kind, decoded, arguments);
            byte[] encoded;
            try {
                encoded = Codec.standard().encode(ValueList.wrap(results));
            } catch (SerializationException e) {
                throw new IllegalStateException("the task's result cannot be sent back from worker " + worker + ": "
                        + e.getMessage(), e);
            }
            return new TaskOutcome(key, true, encoded, worker);
        } catch (Throwable t) {
            return new TaskOutcome(key, false, RemoteTasks.encodeFailure(explainMissingClass(t, worker)), worker);
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
        ByteBuffer cacheKey = ByteBuffer.wrap(function);
        synchronized (FUNCTIONS) {
            Object cached = FUNCTIONS.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        Object decoded = Codec.standard().decode(function);
        synchronized (FUNCTIONS) {
            FUNCTIONS.put(cacheKey, decoded);
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
