package dev.mp4j.connection;

import java.io.IOException;

/** A received byte message did not fit the caller's buffer; the message is carried here. */
public final class BufferTooShortException extends IOException {
    private final transient byte[] message;

    public BufferTooShortException(byte[] message, int available) {
        super("message of " + message.length + " bytes does not fit the " + available + " bytes left in the buffer");
        this.message = message;
    }

    /** The whole message that was received. */
    public byte[] message() {
        return message.clone();
    }
}
