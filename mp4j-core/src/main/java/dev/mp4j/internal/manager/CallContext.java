package dev.mp4j.internal.manager;

/**
 * Who is calling: set by the server on the thread that executes a request, so that owned
 * primitives (RLock, Condition) know the calling thread of the calling process. A caller is
 * {@code <client JVM token>/<thread id>}, stable for a thread across all connections of its JVM.
 */
final class CallContext {
    private static final ThreadLocal<String> CALLER = new ThreadLocal<>();

    private CallContext() {
    }

    static void set(String caller) {
        CALLER.set(caller);
    }

    static void clear() {
        CALLER.remove();
    }

    /** The current caller; a thread calling a target directly (in-server use) is its own caller. */
    static String caller() {
        String caller = CALLER.get();
        return caller != null ? caller : "server/" + Thread.currentThread().threadId();
    }

    /** Waits in a method that cannot declare InterruptedException: interruption means shutdown. */
    static IllegalStateException shutdown(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("the manager server is shutting down", e);
    }
}
