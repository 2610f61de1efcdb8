package dev.mp4j.internal.connection;

import org.slf4j.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission to the authkey handshake for a server that runs handshakes concurrently (each on its
 * own virtual thread, bounded by its deadline), so that peers that connect and send nothing cannot
 * starve an honest one.
 *
 * <p>Two bounds: at most {@code maxPending} handshakes run at once (the accepting thread waits for
 * one to end, leaving new connections in the kernel's backlog), and at most {@code maxPerSource}
 * from one source, a TCP peer's IP address; a connection over that cap is closed at once, so one
 * flooding host can hold only a bounded share. Unix-socket peers have no per-source cap: only
 * processes allowed to open the socket file reach them, the same user by default.
 *
 * <p>Thread-safe.
 */
public final class HandshakeGate {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(HandshakeGate.class);
    /** Default bound on concurrent handshakes ({@code -Dmp4j.maxPendingHandshakes}). */
    public static final int DEFAULT_MAX_PENDING = Integer.getInteger("mp4j.maxPendingHandshakes", 4096);
    /** Default bound on concurrent handshakes from one IP address ({@code -Dmp4j.maxPendingHandshakesPerSource}). */
    public static final int DEFAULT_MAX_PER_SOURCE = Integer.getInteger("mp4j.maxPendingHandshakesPerSource", 64);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String server;
    private final int maxPerSource;
    private final Semaphore pending;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);

    /**
     * @param server what is being protected, for log messages
     */
    public HandshakeGate(String server, int maxPending, int maxPerSource) {
        if (maxPending < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("handshake bounds must be >= 1, got " + maxPending + " and " + maxPerSource);
        }
        this.server = server;
        this.maxPerSource = maxPerSource;
        this.pending = new Semaphore(maxPending);
    }

    /** A ticket for one admitted connection; {@link #close()} it when its handshake ends. */
    public final class Ticket implements AutoCloseable {
        private final InetAddress source;
        private boolean closed;

        private Ticket(InetAddress source) {
            this.source = source;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (source != null) {
                perSource.computeIfPresent(source, (address, count) -> count.decrementAndGet() == 0 ? null : count);
            }
            pending.release();
        }
    }

    /**
     * Admits {@code socket}'s handshake, waiting while {@code maxPending} run; closes the socket and
     * returns null when its source is at its cap.
     */
    public Ticket admit(SocketChannel socket) throws InterruptedException {
        InetAddress source = sourceOf(socket);
        pending.acquire();
        if (source != null) {
            AtomicInteger count = perSource.compute(source, (address, current) -> {
                AtomicInteger counter = current != null ? current : new AtomicInteger();
                counter.incrementAndGet();
                return counter;
            });
            if (count.get() > maxPerSource) {
                Ticket refusal = new Ticket(source);
                refusal.close();
                closeQuietly(socket);
                noteRefusal(source);
                return null;
            }
        }
        return new Ticket(source);
    }

    private void noteRefusal(InetAddress source) {
        long total = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            log.warn("{}: closed a connection from {} at once: it already has {} unauthenticated connections"
                    + " ({} refused so far)", server, source.getHostAddress(), maxPerSource, total);
        }
    }

    /** Connections closed because their source was over its cap, so far. */
    public long refused() {
        return refused.get();
    }

    /**
     * A connection that ended without a wrong answer: the peer closed or reset it (or stayed silent
     * until its deadline closed it). Worth a debug line; a wrong digest or a malformed frame is a
     * warning.
     */
    public static boolean isHangUp(Exception e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof java.io.EOFException || e instanceof java.nio.channels.ClosedChannelException
                || message.contains("closed the connection") || message.contains("closed by peer")
                || message.contains("Connection reset") || message.contains("Broken pipe");
    }

    private static InetAddress sourceOf(SocketChannel socket) {
        try {
            SocketAddress remote = socket.getRemoteAddress();
            return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
