package dev.mp4j.connection;

import java.io.IOException;

/**
 * A received byte message did not fit the caller's buffer (Python's
 * {@code multiprocessing.BufferTooShort}); the message was consumed and is carried here, as Python
 * carries it in {@code e.args[0]}.
 */
public final class BufferTooShortException extends IOException {
    /** The message received; not serialized with the exception. */
    private final transient byte[] message;

    /**
     * Creates the exception.
     *
     * @param message   the whole message received, kept without a copy
     * @param available the room that was left in the caller's buffer
     */
    public BufferTooShortException(byte[] message, int available) {
        super("message of " + message.length + " bytes does not fit the " + available + " bytes left in the buffer");
        this.message = message;
    }

    /**
     * The whole message that was received.
     *
     * @return a copy of the message; empty for a copy of this exception that was serialized (the
     *         message is held by the original exception object only)
     */
    public byte[] message() {
        return message == null ? new byte[0] : message.clone();
    }
}
