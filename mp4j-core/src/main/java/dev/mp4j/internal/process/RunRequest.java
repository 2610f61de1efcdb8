package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.WireRecord;

import java.util.List;

/**
 * What a parent sends a child JVM to run one {@code Process} target.
 *
 * @param task the encoded target
 * @param allowedClasses classes the parent itself wrote into {@code task}, added to the child's
 *     allow-list before the task is decoded (the parent is authenticated, so it is trusted)
 * @param call the encoded {@link LambdaCall} the task stands for, or null
 */
public record RunRequest(String name, String identity, boolean daemon, long parentPid, String parentName,
                         List<String> allowedClasses, byte[] task, byte[] call) {

    byte[] encode() {
        return WireRecord.encode(name, identity, daemon, parentPid, parentName, allowedClasses, task, call);
    }

    /** @throws dev.mp4j.internal.codec.CodecException when the payload is not a run request */
    static RunRequest decode(byte[] payload) {
        WireRecord wire = WireRecord.decode(payload, "run request", 8);
        return new RunRequest(wire.string(0), wire.string(1), wire.bool(2), wire.longValue(3), wire.string(4),
                wire.strings(5), wire.bytes(6), wire.nullableBytes(7));
    }
}
