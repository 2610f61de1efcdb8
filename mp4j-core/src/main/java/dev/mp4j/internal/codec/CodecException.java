package dev.mp4j.internal.codec;

/** Bytes that cannot be decoded, or a value that cannot be encoded. */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
