package dev.mp4j.internal.queue;

import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;

/**
 * Encodes queue items into a per-thread buffer with 4 bytes reserved in front for the record
 * length, so that a put allocates nothing for small items. Buffers that grew past 64 KiB are
 * dropped after use.
 */
public final class ItemCodec {
    private static final int KEEP_LIMIT = 64 * 1024;
    private static final ThreadLocal<BytesOutput> BUFFER = ThreadLocal.withInitial(() -> new BytesOutput(256));

    private ItemCodec() {
    }

    /** Encodes {@code item}; the result is valid until the calling thread's next encode. */
    public static BytesOutput encode(Object item) {
        BytesOutput out = BUFFER.get();
        if (out.array().length > KEEP_LIMIT) {
            out = new BytesOutput(256);
            BUFFER.set(out);
        }
        out.reset();
        out.writeInt(0);
        Codec.standard().encode(item, out);
        return out;
    }

    public static Object decode(byte[] payload) {
        return Codec.standard().decode(payload);
    }
}
