package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

/**
 * The one way objects cross a process boundary in mp4j: every frame payload, queue item, pipe
 * message and shared-manager call is encoded and decoded here.
 *
 * <p>Implementations are stateless and thread-safe. {@link #decode} must apply the
 * deserialization allow-list ({@link SerialAllowList}) to every class it would instantiate, and
 * must never be called on bytes from a peer that has not been authenticated.
 */
public interface Codec {

    /** Appends the encoding of {@code value} to {@code out}. */
    void encode(Object value, BytesOutput out);

    /**
     * Decodes one value from {@code in}, advancing it past the value.
     *
     * @throws SerializationException if the bytes are malformed or name a class that is not allowed
     */
    Object decode(BytesInput in);

    default byte[] encode(Object value) {
        BytesOutput out = new BytesOutput(64);
        encode(value, out);
        return out.toByteArray();
    }

    default Object decode(byte[] bytes) {
        BytesInput in = new BytesInput(bytes, 0, bytes.length);
        Object value = decode(in);
        if (in.remaining() != 0) {
            throw new SerializationException("malformed payload: " + in.remaining() + " trailing bytes after the value");
        }
        return value;
    }

    /** The codec every mp4j component uses. */
    static Codec standard() {
        return ObjectCodec.INSTANCE;
    }

    /**
     * Whether {@link #standard()} writes {@code value} without JDK serialization: a plain value
     * (null, Boolean, Integer, Long, Double, String, byte[]) or a collection of them in the compact
     * form (see {@code CollectionCodec}, which refuses a collection that appears twice). Decoding
     * such a value needs no allow-list and, in a fresh JVM, none of JDK serialization's tens of
     * milliseconds of start-up.
     */
    static boolean writesWithoutSerialization(Object value) {
        return ObjectCodec.writesNatively(value);
    }

    /**
     * Encodes a value this JVM vouches for (a task it is about to send) and returns the names of
     * the classes written, which the receiver adds to its allow-list before decoding.
     */
    static byte[] encodeTrusted(Object value, java.util.Set<String> writtenClasses) {
        return ObjectCodec.INSTANCE.encodeRecordingClasses(value, writtenClasses);
    }
}
