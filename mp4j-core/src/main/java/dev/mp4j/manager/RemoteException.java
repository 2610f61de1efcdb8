package dev.mp4j.manager;

/**
 * An exception raised by a shared object in the manager server that cannot be rethrown here as
 * itself (its class is not allowed by this JVM's deserialization allow-list, or it is a checked
 * exception the proxy method does not declare). It names the remote class and message, and its
 * stack trace is the server's followed by this call site (as Java RMI reports remote failures);
 * {@link #remoteStackTrace()} is the server-side trace as text.
 *
 * <p>Exceptions that can be rethrown (JDK and mp4j exceptions, allowed user classes) are thrown as
 * themselves, also with the server's stack trace followed by the local one.
 */
public final class RemoteException extends RuntimeException {
    /** The binary name of the server-side exception's class. */
    private final String remoteClassName;
    /** The server-side stack trace as text. */
    private final String remoteStackTrace;

    /**
     * Creates the stand-in.
     *
     * @param remoteClassName  the binary name of the server-side exception's class
     * @param remoteMessage    its message, or null
     * @param remoteStackTrace its stack trace as the server printed it
     */
    public RemoteException(String remoteClassName, String remoteMessage, String remoteStackTrace) {
        super(remoteClassName + (remoteMessage != null ? ": " + remoteMessage : "") + " (raised in the manager server)");
        this.remoteClassName = remoteClassName;
        this.remoteStackTrace = remoteStackTrace;
    }

    /**
     * The class of the exception the server raised.
     *
     * @return its binary name
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /**
     * The server-side stack trace (Python's remote traceback).
     *
     * @return the trace as {@link Throwable#printStackTrace()} printed it
     */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
