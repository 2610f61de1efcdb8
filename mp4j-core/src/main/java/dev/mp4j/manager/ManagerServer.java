package dev.mp4j.manager;

import dev.mp4j.connection.Address;
import dev.mp4j.internal.manager.ManagerServerCore;

/**
 * A manager server running in this JVM, made by {@link Manager.Builder#serve()}: other JVMs reach
 * it with {@link Manager#connect}. Every connection must pass the authkey challenge before
 * anything it sends is decoded; refused peers are logged (never the key) and the server keeps
 * serving. Thread-safe.
 */
public final class ManagerServer implements AutoCloseable {
    private final ManagerServerCore core;

    ManagerServer(ManagerServerCore core) {
        this.core = core;
    }

    /**
     * The address clients connect to (Python's {@code server.address}).
     *
     * @return the address; for TCP port 0, with the port the OS chose
     */
    public Address address() {
        return core.address();
    }

    /**
     * Whether the server still serves.
     *
     * @return false after {@link #close()} or a client's shutdown request
     */
    public boolean isRunning() {
        return core.isRunning();
    }

    /**
     * The number of shared objects held, for diagnostics.
     *
     * @return the count
     */
    public int objectCount() {
        return core.objectCount();
    }

    /**
     * Blocks until the server is closed, by {@link #close()} or by a client's shutdown request
     * (Python's {@code serve_forever()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void awaitShutdown() throws InterruptedException {
        core.awaitShutdown();
    }

    /** Stops serving and drops every shared object. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "ManagerServer[" + core.address() + (isRunning() ? "" : ", stopped") + "]";
    }
}
