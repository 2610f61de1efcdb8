package dev.mp4j.pool;

/**
 * Stands for an exception thrown in a worker whose own class could not be sent back (not
 * serializable, or not on this JVM's deserialization allow-list). Carries the remote class name
 * and message; its cause is the {@link RemoteTraceback}.
 */
public final class RemoteTaskException extends RuntimeException {
    private final String remoteClassName;

    public RemoteTaskException(String remoteClassName, String message) {
        super(remoteClassName + (message == null ? "" : ": " + message));
        this.remoteClassName = remoteClassName;
    }

    public String remoteClassName() {
        return remoteClassName;
    }
}
