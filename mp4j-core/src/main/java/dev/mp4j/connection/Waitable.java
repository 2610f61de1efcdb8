package dev.mp4j.connection;

/**
 * Something {@link Connections#wait(java.util.Collection, java.time.Duration)} can wait for, as
 * Python's {@code multiprocessing.connection.wait} waits for connections and process sentinels
 * together: a {@link Connection} is ready when a message or EOF can be received without blocking,
 * a process's {@code sentinel()} when the process has ended.
 */
public interface Waitable {

    /**
     * Whether waiting on this object would not block now. Never blocks; may be called from any
     * thread.
     *
     * @return true when ready
     */
    boolean isReady();
}
