package dev.mp4j.internal.pool;

import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.process.FrameTypes;
import dev.mp4j.internal.process.LambdaCall;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.PipePairChannel;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the AOT cache's training child ({@code dev.mp4j.internal.process.AotCache}) runs of a pool
 * worker: the real {@link PoolWorkerRole} loop, fed from memory with the frames a pool sends (a
 * lambda, then single-item map tasks, applies and chunks of a default-chunksize map) and writing its
 * results nowhere. The cache then holds the loop's classes and linked call sites, those of the
 * paths it takes only after thousands of short tasks (batched takes and result flushes) included.
 * It holds no method profiles: see {@code AotCache} for why the training records none.
 * No user code runs: the functions are mp4j's own lambdas.
 */
public final class PoolWorkerTraining {
    private static final int SINGLE_ITEM_TASKS = 6_000;
    private static final int CALL_TASKS = 2_000;
    private static final int CHUNKS = 60;
    private static final int CHUNK_ITEMS = 500;

    private PoolWorkerTraining() {
    }

    /** Runs the loop once over the frames below; called by name from the training child's warm-up. */
    public static void run() throws Exception {
        run(OutputStream.nullOutputStream());
    }

    /** The number of tasks {@link #run} feeds the loop. */
    static int tasks() {
        return SINGLE_ITEM_TASKS + Math.min(CALL_TASKS, (SINGLE_ITEM_TASKS + 2) / 3) + CHUNKS;
    }

    /** Runs the loop, writing the result frames it sends to {@code results}. */
    static void run(OutputStream results) throws Exception {
        BytesOutput frames = new BytesOutput(1 << 20);
        SerializableFunction<Integer, Integer> twice = x -> x * 2;
        SerializableCallable<Integer> answer = () -> 42;
        function(frames, 1, twice);
        function(frames, 2, answer);
        long jobId = 1;
        List<Object> one = new ArrayList<>(List.of(0));
        for (int i = 0; i < SINGLE_ITEM_TASKS; i++) {
            one.set(0, i);
            task(frames, jobId++, 1, TaskKind.MAP, one);
            if (i % 3 == 0 && i / 3 < CALL_TASKS) {
                task(frames, jobId++, 2, TaskKind.CALL, null);
            }
        }
        List<Object> chunk = new ArrayList<>();
        for (int i = 0; i < CHUNK_ITEMS; i++) {
            chunk.add(i);
        }
        for (int i = 0; i < CHUNKS; i++) {
            task(frames, jobId++, 1, TaskKind.MAP, chunk);
        }
        PoolInit init = new PoolInit(null, List.of(), "mp4j-training-worker", dev.mp4j.internal.runtime.Pids.self(), null, 64,
                List.of(), false);
        FrameChannel channel = new FrameChannel(new PipePairChannel(
                Channels.newChannel(new ByteArrayInputStream(frames.array(), 0, frames.size())),
                Channels.newChannel(results)));
        String threadName = Thread.currentThread().getName();
        try {
            new PoolWorkerRole().run(channel, new FrameChannel.Frame(FrameTypes.ROLE_BASE, init.encode()));
        } finally {
            Thread.currentThread().setName(threadName);
        }
    }

    private static void function(BytesOutput out, int id, Object function) {
        Set<String> written = new HashSet<>();
        byte[] call = LambdaCall.encodeIfQualifies(function, written);
        if (call == null) {
            throw new IllegalStateException("a training lambda does not qualify for a direct call");
        }
        int frame = FrameChannel.beginFrame(out, PoolFrames.FUNCTION);
        out.writeInt(id);
        Codec.standard().encode(ValueList.wrap(new ArrayList<>(written)), out);
        Codec.standard().encode(call, out);
        FrameChannel.endFrame(out, frame);
    }

    private static void task(BytesOutput out, long jobId, int functionId, TaskKind kind, List<Object> items) {
        int frame = FrameChannel.beginFrame(out, PoolFrames.TASK);
        out.writeLong(jobId);
        out.writeInt(functionId);
        out.writeByte(kind.ordinal());
        if (kind != TaskKind.CALL) {
            Codec.standard().encode(ValueList.wrap(items), out);
        }
        FrameChannel.endFrame(out, frame);
    }
}
