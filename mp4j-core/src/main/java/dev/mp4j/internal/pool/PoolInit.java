package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.WireRecord;

import java.util.List;

/**
 * The first frame a pool worker JVM receives.
 *
 * @param initializer the encoded initializer, or null: a {@code LambdaCall} when
 *        {@code initializerIsCall}, else the serialized object
 * @param allowedClasses classes the parent wrote into the initializer (trusted, see RunRequest)
 * @param workerName the worker's process name
 * @param progressSegment the shared-memory word where the worker records the job it starts, or null
 * @param functionCapacity how many functions the worker keeps (see {@link FunctionTable})
 * @param recording what the worker records ({@code ChildRecordings.Spec.toWire}; empty: nothing)
 * @param initializerIsCall whether {@code initializer} is a {@code LambdaCall}: a fresh worker then calls
 *        its method instead of deserializing the lambda (which spins a class: tens of ms of its start)
 */
record PoolInit(byte[] initializer, List<String> allowedClasses, String workerName, long parentPid,
                String progressSegment, int functionCapacity, List<String> recording, boolean initializerIsCall) {

    byte[] encode() {
        return WireRecord.encode(initializer, allowedClasses, workerName, parentPid, progressSegment,
                (long) functionCapacity, recording, initializerIsCall ? 1L : 0L);
    }

    /** @throws dev.mp4j.SerializationException when the payload is not a pool worker's init */
    static PoolInit decode(byte[] payload) {
        WireRecord wire = WireRecord.decode(payload, "pool worker init", 8);
        long capacity = wire.longValue(5);
        if (capacity < 1 || capacity > Integer.MAX_VALUE) {
            throw new dev.mp4j.SerializationException("malformed pool worker init: function capacity " + capacity);
        }
        return new PoolInit(wire.nullableBytes(0), wire.strings(1), wire.string(2), wire.longValue(3),
                wire.nullableString(4), (int) capacity, wire.strings(6), wire.longValue(7) != 0);
    }
}
