package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.ValueList;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Test access to the pool worker protocol, to play a (faulty) parent to a worker JVM. */
public final class PoolWire {
    public static final int FUNCTION = PoolFrames.FUNCTION;
    public static final int TASK = PoolFrames.TASK;
    public static final int RESULT = PoolFrames.RESULT;
    public static final int INIT_OK = PoolFrames.INIT_OK;
    public static final int OK = PoolFrames.OK;
    public static final int FAILED = PoolFrames.FAILED;

    private PoolWire() {
    }

    public static byte[] init(String workerName) {
        return new PoolInit(null, List.of(), workerName, ProcessHandle.current().pid(), null, 256, List.of(), false).encode();
    }

    /** The payload of a FUNCTION frame that registers {@code function} under {@code id}, as a pool sends it. */
    public static byte[] function(int id, Object function) {
        Set<String> classes = new LinkedHashSet<>();
        byte[] call = dev.mp4j.internal.process.LambdaCall.encodeIfQualifies(function, classes);
        byte[] encoded = call != null ? new byte[0] : Codec.encodeTrusted(function, classes);
        BytesOutput out = new BytesOutput(256);
        out.writeInt(id);
        Codec.standard().encode(ValueList.wrap(List.copyOf(classes)), out);
        Codec.standard().encode(call, out);
        out.write(encoded, 0, encoded.length);
        return out.toByteArray();
    }

    /** The payload of a MAP task applying function {@code functionId} to {@code items}. */
    public static byte[] mapTask(long jobId, int functionId, List<?> items) {
        BytesOutput out = new BytesOutput(64);
        out.writeLong(jobId);
        out.writeInt(functionId);
        out.writeByte(TaskKind.MAP.ordinal());
        Codec.standard().encode(ValueList.wrap(items), out);
        return out.toByteArray();
    }

    /** A decoded RESULT frame: the job it answers, OK or FAILED, and the results or the failure's text. */
    public record Result(long jobId, int status, Object value) {
    }

    public static Result result(byte[] payload) {
        BytesInput in = new BytesInput(payload, 0, payload.length);
        long jobId = in.readLong();
        int status = in.readByte();
        Object decoded = Codec.standard().decode(in);
        if (decoded instanceof RemoteFailure failure) {
            return new Result(jobId, status, failure.className() + ": " + failure.message());
        }
        return new Result(jobId, status, decoded);
    }
}
