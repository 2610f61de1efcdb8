package dev.mp4j.pool;

/**
 * The stack trace of an exception as it was printed in the worker that threw it, attached as the
 * cause of the exception the caller receives (Python's {@code RemoteTraceback}).
 */
public final class RemoteTraceback extends Exception {
    public RemoteTraceback(String remoteStackTrace) {
        super("\n\"\"\"\n" + remoteStackTrace + "\"\"\"", null, false, false);
    }
}
