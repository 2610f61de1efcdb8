package dev.mp4j.internal.process;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How one engine runs one {@code Process}. The public {@code Process} class checks the lifecycle
 * (start once, join after start, nothing after close) and delegates here. Thread-safe.
 */
public interface ProcessBackend {
    void start();

    /** Waits until the process ends or the timeout elapses; true when it ended. */
    boolean join(Duration timeout) throws InterruptedException;

    boolean isAlive();

    long pid();

    OptionalInt exitCode();

    void terminate();

    void kill();

    /** True when the calling thread is this process itself (joining it would deadlock). */
    boolean isCurrent();

    void close();
}
