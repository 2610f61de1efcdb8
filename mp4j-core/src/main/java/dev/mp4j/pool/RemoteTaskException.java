package dev.mp4j.pool;

/**
 * Stands for an exception thrown in a worker whose own class could not be sent back (not
 * serializable, or not on this JVM's deserialization allow-list). Carries the remote class name
 * and message; its cause is the {@link RemoteTraceback}.
 */
public final class RemoteTaskException extends RuntimeException {
    /** The binary name of the exception's class in the worker. */
    private final String remoteClassName;

    /**
     * Creates the stand-in.
     *
     * @param remoteClassName the binary name of the exception's class
     * @param message         the exception's message, or null
     */
    public RemoteTaskException(String remoteClassName, String message) {
        super(remoteClassName + (message == null ? "" : ": " + message));
        this.remoteClassName = remoteClassName;
    }

    /**
     * The class of the exception the worker threw.
     *
     * @return its binary name, for example {@code com.acme.PricingException}
     */
    public String remoteClassName() {
        return remoteClassName;
    }
}
