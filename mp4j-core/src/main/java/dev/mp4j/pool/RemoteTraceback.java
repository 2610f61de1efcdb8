package dev.mp4j.pool;

/**
 * The stack trace of an exception as it was printed in the worker that threw it, attached as the
 * cause of the exception the caller receives, or as a suppressed exception when that exception
 * has a cause of its own (Python's {@code RemoteTraceback}, its {@code __cause__}).
 */
public final class RemoteTraceback extends Exception {
    /**
     * Creates the traceback; it has no stack trace of its own.
     *
     * @param remoteStackTrace the stack trace as the worker printed it
     */
    public RemoteTraceback(String remoteStackTrace) {
        super("\n\"\"\"\n" + remoteStackTrace + "\"\"\"", null, false, false);
    }
}
