package dev.mp4j.connection;

import dev.mp4j.internal.sync.Deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Operations on several connections: Python's {@code multiprocessing.connection.wait}. Thread-safe.
 *
 * <pre>{@code
 * Process worker = Process.of(() -> work());
 * worker.start();
 * List<Waitable> ready = Connections.wait(List.of(results, worker.sentinel()), Duration.ofSeconds(5));
 * if (ready.contains(worker.sentinel())) { ... the worker ended ... }
 * }</pre>
 */
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
     *
     * @param connections the connections to watch
     * @param timeout     how long to wait; null waits until one is ready
     * @return the ready connections in the order given; empty when the timeout elapsed
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws java.io.UncheckedIOException when polling a connection fails
     */
    public static List<Connection> wait(List<? extends Connection> connections, Duration timeout)
            throws InterruptedException {
        return waitFor(connections, timeout);
    }

    /**
     * Waits until at least one object is {@link Waitable#isReady() ready} (a connection with a
     * message or EOF, a process sentinel whose process ended), or the timeout elapses ({@code null}:
     * wait forever), and returns the ready ones in the order given (empty on timeout). Python's
     * {@code multiprocessing.connection.wait(object_list, timeout)}; polls as
     * {@link #wait(List, Duration)} does.
     *
     * @param objects connections, process sentinels and other {@link Waitable}s
     * @param timeout how long to wait; null waits until one is ready
     * @return the ready objects in the order given; empty when the timeout elapsed
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public static List<Waitable> wait(Collection<? extends Waitable> objects, Duration timeout)
            throws InterruptedException {
        return waitFor(objects, timeout);
    }

    private static <W extends Waitable> List<W> waitFor(Collection<? extends W> objects, Duration timeout)
            throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        long pause = 10_000L;
        while (true) {
            List<W> ready = new ArrayList<>();
            for (W object : objects) {
                if (object.isReady()) {
                    ready.add(object);
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
}
