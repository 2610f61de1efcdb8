package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.WireRecord;

import java.util.List;

/**
 * What a parent sends a child JVM to run one {@code Process} target.
 *
 * @param task the serialized target, or null when {@code call} stands for it
 * @param allowedClasses classes the parent itself wrote into {@code task} or {@code call}, added to
 *     the child's allow-list before they are decoded (only the parent writes the child's stdin)
 * @param call the encoded {@link LambdaCall} the target is, or null; exactly one of the two is set
 */
public record RunRequest(String name, String identity, boolean daemon, long parentPid, String parentName,
                         List<String> allowedClasses, byte[] task, byte[] call) {

    public RunRequest {
        if ((task == null) == (call == null)) {
            throw new dev.mp4j.SerializationException("malformed run request: it needs exactly one of a task and a call");
        }
    }

    byte[] encode() {
        return WireRecord.encode(name, identity, daemon, parentPid, parentName, allowedClasses, task, call);
    }

    /** @throws dev.mp4j.SerializationException when the payload is not a run request */
    static RunRequest decode(byte[] payload) {
        WireRecord wire = WireRecord.decode(payload, "run request", 8);
        return new RunRequest(wire.string(0), wire.string(1), wire.bool(2), wire.longValue(3), wire.string(4),
                wire.strings(5), wire.nullableBytes(6), wire.nullableBytes(7));
    }
}
