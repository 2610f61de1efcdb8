package dev.mp4j.connection;

import dev.mp4j.internal.pipe.PipeConnection;
import dev.mp4j.internal.sync.Deadline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Operations on several connections: Python's {@code multiprocessing.connection.wait}. */
public final class Connections {
    private static final long MAX_PAUSE_NANOS = 2_000_000L;

    private Connections() {
    }

    /**
     * Waits until at least one connection has a message, has reached EOF or is closed, or the
     * timeout elapses ({@code null}: wait forever), and returns the ready ones (empty on timeout).
     *
     * <p>Checks every connection without blocking, then pauses (from 10 µs, doubling up to 2 ms)
     * between rounds: it does not occupy a core while waiting.
     */
    public static List<Connection> wait(List<? extends Connection> connections, Duration timeout)
            throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        long pause = 10_000L;
        while (true) {
            List<Connection> ready = new ArrayList<>();
            for (Connection connection : connections) {
                if (isReady(connection)) {
                    ready.add(connection);
                }
            }
            if (!ready.isEmpty() || deadline.expired()) {
                return ready;
            }
            LockSupport.parkNanos(Math.min(pause, deadline.remainingNanos()));
            Deadline.checkInterrupt();
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    private static boolean isReady(Connection connection) {
        if (connection instanceof PipeConnection pipe) {
            return pipe.isReady();
        }
        if (connection.isClosed()) {
            return true;
        }
        try {
            return connection.poll(Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot poll " + connection + ": " + e.getMessage(), e);
        }
    }
}
