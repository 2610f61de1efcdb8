package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.pool.RemoteTaskException;
import dev.mp4j.pool.RemoteTraceback;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;

/**
 * An exception thrown by a task in a worker JVM, as sent back: the exception itself when it can be
 * encoded, and always its class name, message and printed stack trace, so the caller gets either
 * the original exception or a {@link RemoteTaskException}, with a {@link RemoteTraceback} attached.
 */
record RemoteFailure(byte[] exception, String className, String message, String stackTrace) implements Serializable {

    static RemoteFailure of(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        byte[] encoded;
        try {
            encoded = Codec.standard().encode(t);
        } catch (RuntimeException e) {
            encoded = null;
        }
        return new RemoteFailure(encoded, t.getClass().getName(), t.getMessage(), trace.toString());
    }

    Throwable toThrowable() {
        Throwable t = null;
        if (exception != null) {
            try {
                t = (Throwable) Codec.standard().decode(exception);
            } catch (SerializationException | ClassCastException e) {
                t = null;
            }
        }
        if (t == null) {
            t = new RemoteTaskException(className, message);
        }
        attachTraceback(t, new RemoteTraceback(stackTrace));
        return t;
    }

    static void attachTraceback(Throwable t, RemoteTraceback traceback) {
        if (t.getCause() == null) {
            try {
                t.initCause(traceback);
                return;
            } catch (IllegalStateException | IllegalArgumentException alreadySet) {
                // fall through
            }
        }
        t.addSuppressed(traceback);
    }
}
