package dev.mp4j.cluster.internal;

import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.SerializationException;

/**
 * What a worker sends back for one task, on the caller's result list: the encoded result list, or
 * an encoded failure (see {@code RemoteTasks.encodeFailure}).
 *
 * @param key     the caller's number for the task ({@link ClusterTask#key()})
 * @param ok      true when {@code payload} is the result list
 * @param payload the encoded results or failure
 * @param worker  the worker JVM that ran it ({@code host/pid})
 */
public record TaskOutcome(long key, boolean ok, byte[] payload, String worker) {
    private static final int MAGIC = 0x6d70_7201; // "mpr" v1

    public byte[] encode() {
        BytesOutput out = new BytesOutput(32 + payload.length + worker.length());
        out.writeInt(MAGIC);
        out.writeLong(key);
        out.writeByte(ok ? 1 : 0);
        out.writeString(worker);
        out.writeInt(payload.length);
        out.write(payload, 0, payload.length);
        return out.toByteArray();
    }

    /** @throws SerializationException if {@code bytes} is not an outcome written by {@link #encode()} */
    public static TaskOutcome decode(byte[] bytes) {
        BytesInput in = new BytesInput(bytes, 0, bytes.length);
        if (in.readInt() != MAGIC) {
            throw new SerializationException("not an mp4j task outcome");
        }
        long key = in.readLong();
        boolean ok = in.readByte() == 1;
        String worker = in.readString();
        byte[] payload = in.readBytes(in.readInt());
        if (in.remaining() != 0) {
            throw new SerializationException("malformed task outcome: trailing bytes");
        }
        return new TaskOutcome(key, ok, payload, worker);
    }
}
