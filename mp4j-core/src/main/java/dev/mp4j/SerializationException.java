package dev.mp4j;

import java.util.Optional;

/**
 * An object could not cross a process boundary: it cannot be serialized (a task, an argument, a
 * result, a queue item or a message holds something that is not {@link java.io.Serializable}, such
 * as a thread or an open stream), or the bytes that arrived cannot be turned back into it (a class
 * missing from the receiving JVM, a class refused by the deserialization filter, a malformed
 * payload). Python raises {@code pickle.PicklingError} / {@code UnpicklingError} in these places.
 *
 * <p>The message names the class and what to do about it. {@link #className()} gives the class
 * when one is to blame. It is an {@link IllegalArgumentException}: most often the value handed to
 * mp4j (a task, an argument, an item) is what cannot cross.
 */
public final class SerializationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The class to blame, or null. */
    private final String className;

    /**
     * Creates the exception with no cause and no class to blame.
     *
     * @param message what could not cross and what to do about it
     */
    public SerializationException(String message) {
        this(message, (Throwable) null);
    }

    /**
     * Creates the exception; when {@code cause} is a {@code SerializationException}, its class to
     * blame carries over.
     *
     * @param message what could not cross and what to do about it
     * @param cause   the underlying failure, or null
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
        this.className = cause instanceof SerializationException s ? s.className : null;
    }

    /**
     * An exception that says what could not be sent or received ({@code context}), keeping the
     * class {@code cause} blamed.
     *
     * @param context what failed, e.g. "cannot send argument 1 of put"
     * @param cause   the codec's exception
     * @return {@code context: cause's message}, with the same blamed class
     */
    public static SerializationException in(String context, SerializationException cause) {
        return new SerializationException(context + ": " + cause.getMessage(), cause.className, cause);
    }

    /**
     * Creates an exception blaming {@code className}.
     *
     * @param message   what could not cross and what to do about it
     * @param className the binary name of the class to blame, or null
     * @param cause     the underlying failure, or null
     */
    public SerializationException(String message, String className, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    /**
     * The name of the class that could not be serialized, found or allowed, when one is to blame.
     *
     * @return the class's binary name ({@code com.acme.Outer$Inner}), or empty
     */
    public Optional<String> className() {
        return Optional.ofNullable(className);
    }
}
