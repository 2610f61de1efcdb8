package dev.mp4j.internal.manager;

import java.io.Serializable;

/**
 * An exception raised in the server, as sent to the client: its class, message, printed stack
 * trace, and the exception itself encoded when the codec could encode it (null otherwise).
 */
record ErrorReply(String className, String message, String stackTrace, byte[] encoded) implements Serializable {
}
