package dev.mp4j.connection;

import dev.mp4j.AuthenticationException;
import dev.mp4j.internal.connection.FrameAlignedChannel;
import dev.mp4j.internal.connection.HandshakeGate;
import dev.mp4j.internal.connection.Watchdog;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Accepts authenticated connections: Python's {@code multiprocessing.connection.Listener}.
 *
 * <pre>{@code
 * try (Listener listener = Listener.builder().address(Address.tcp("127.0.0.1", 6000)).authkey(key).bind()) {
 *     try (Connection conn = listener.accept()) {
 *         conn.send(List.of("hello", 42));
 *     }
 * }
 * }</pre>
 *
 * <p>Every accepted peer must pass the mutual HMAC-SHA256 authkey challenge within the handshake
 * timeout before {@link #accept()} returns it; nothing it sent is decoded before that. A peer that
 * fails makes an {@code accept()} throw {@link AuthenticationException} (as Python's does); the
 * listener stays open and the next {@code accept()} serves the next peer.
 *
 * <p>Handshakes run concurrently, from {@code bind()} on, each on its own virtual thread with its
 * own deadline, so peers that connect and send nothing delay nobody: {@code accept()} returns
 * connections in the order their handshakes end. At most
 * {@link Builder#maxPendingHandshakes(int, int) a bounded number} run at once, and fewer from one
 * IP address (more are closed at once); at most {@link Builder#backlog(int) backlog} authenticated
 * connections wait for {@code accept()} (then new connections wait in the kernel's backlog), and as
 * many failures. Failures beyond that are logged, not reported.
 *
 * <p>A Unix socket file is created by {@code bind()} and removed by {@link #close()}. Thread-safe:
 * several threads may {@code accept()} at once.
 */
public final class Listener implements AutoCloseable {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(Listener.class);
    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authkey;
    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final int backlog;
    private final HandshakeGate gate;
    /** Handshakes' outcomes in the order they ended: a {@link Connection}, an {@link Exception} or {@link #CLOSED}. */
    private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedConnections = new AtomicInteger();
    private final AtomicInteger queuedFailures = new AtomicInteger();
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private volatile boolean closed;
    private static final Object CLOSED = new Object();

    private Listener(Builder builder) throws IOException {
        this.authkey = builder.authkey.clone();
        this.maxFrameBytes = builder.maxFrameBytes;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.backlog = builder.backlog;
        Address requested = builder.address != null ? builder.address
                : Address.unix(RunDirectory.path().resolve("listener-" + RunDirectory.randomToken(6) + ".sock"));
        if (requested.isUnix() && Files.exists(Path.of(requested.unixPath()))) {
            throw new IOException("cannot listen on " + requested + ": the socket file already exists"
                    + " (another listener uses it, or a stale file was left behind: remove it)");
        }
        server = ServerSocketChannel.open(requested.protocolFamily());
        try {
            if (!requested.isUnix()) {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            server.bind(requested.toSocketAddress(), builder.backlog);
        } catch (IOException e) {
            server.close();
            int pathBytes = requested.isUnix() ? requested.unixPath().getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0;
            if (pathBytes > RunDirectory.MAX_SOCKET_PATH_BYTES) {
                throw new IOException("cannot listen on " + requested + ": the path has " + pathBytes
                        + " bytes, and a Unix socket's path holds at most " + RunDirectory.MAX_SOCKET_PATH_BYTES
                        + ": give a shorter one (mp4j's own sockets go under XDG_RUNTIME_DIR or java.io.tmpdir,"
                        + " else /tmp: set one of them to a short directory)", e);
            }
            throw new IOException("cannot listen on " + requested + ": " + e.getMessage(), e);
        }
        if (requested.isUnix()) {
            address = requested;
        } else {
            address = Address.tcp(requested.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        }
        gate = new HandshakeGate("listener " + address, builder.maxPending, builder.maxPerSource);
        Thread.ofVirtual().name("mp4j-listener-accept").start(this::acceptLoop);
    }

    /**
     * Options for a listener (Python's {@code Listener(address, family, backlog, authkey)}
     * arguments); an authkey is required.
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh random authkey from a strong random source (Python's {@code os.urandom(32)}).
     *
     * @return 32 new bytes
     */
    public static byte[] randomAuthkey() {
        return Handshake.newKey();
    }

    /**
     * The bound address (Python's {@code address}), to give to {@link Client#connect}.
     *
     * @return the address; for TCP port 0 it carries the port the OS chose
     */
    public Address address() {
        return address;
    }

    /**
     * Returns the next peer that passed the authkey challenge, waiting for one (Python's
     * {@code accept()}).
     *
     * @return the connection, which the caller closes
     * @throws AuthenticationException if the next handshake to end failed: a peer that does not
     *     know the authkey, or does not answer the challenge within the handshake timeout; the
     *     listener remains usable
     * @throws java.io.InterruptedIOException when the calling thread is interrupted while waiting
     * @throws IOException if the listener is closed, or a peer disconnected during its handshake
     */
    public Connection accept() throws IOException {
        Object outcome;
        try {
            outcome = closed ? CLOSED : outcomes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a peer on " + address);
        }
        if (outcome == CLOSED) {
            outcomes.offer(CLOSED); // for the other threads in accept()
            throw new IOException("listener on " + address + " is closed");
        }
        if (outcome instanceof Connection connection) {
            queuedConnections.decrementAndGet();
            roomLock.lock();
            try {
                room.signal();
            } finally {
                roomLock.unlock();
            }
            return connection;
        }
        queuedFailures.decrementAndGet();
        // rethrown from this thread, with the handshake thread's exception as the cause
        if (outcome instanceof AuthenticationException failed) {
            throw (AuthenticationException) new AuthenticationException(failed.getMessage()).initCause(failed);
        }
        Exception failed = (Exception) outcome;
        throw new IOException(failed.getMessage(), failed);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                awaitRoom();
                SocketChannel socket = server.accept();
                HandshakeGate.Ticket ticket = gate.admit(socket);
                if (ticket != null) {
                    Thread.ofVirtual().name("mp4j-listener-handshake").start(() -> handshake(socket, ticket));
                }
            } catch (ClosedChannelException | InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("listener on {}: accept failed: {}", address, e.getMessage());
                    LockSupport.parkNanos(100_000_000L); // e.g. out of file descriptors: do not spin
                }
            }
        }
    }

    /** Waits while {@code backlog} authenticated connections wait for {@code accept()}. */
    private void awaitRoom() throws InterruptedException {
        roomLock.lock();
        try {
            while (queuedConnections.get() >= backlog && !closed) {
                room.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            roomLock.unlock();
        }
    }

    private void handshake(SocketChannel socket, HandshakeGate.Ticket ticket) {
        try (ticket) {
            String peer = address.isUnix() ? address.toString() : String.valueOf(socket.getRemoteAddress());
            FrameAlignedChannel channel;
            try {
                if (!address.isUnix()) {
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                channel = new FrameAlignedChannel(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            FrameChannel frames = new FrameChannel(channel, maxFrameBytes);
            authenticate(frames, peer, true, authkey, handshakeTimeout);
            SocketConnection connection = new SocketConnection(frames, channel, peer);
            queuedConnections.incrementAndGet();
            outcomes.add(connection);
            if (closed && outcomes.remove(connection)) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (closed) {
                return;
            }
            if (queuedFailures.incrementAndGet() <= backlog) {
                outcomes.add(e);
            } else {
                queuedFailures.decrementAndGet();
                log.debug("listener on {}: a handshake failed while {} failures wait for accept(): {}", address,
                        backlog, e.getMessage());
            }
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    static void authenticate(FrameChannel frames, String peer, boolean serverSide, byte[] key, Duration timeout)
            throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = Watchdog.arm(timeout, () -> {
            timedOut.set(true);
            frames.close();
        });
        try {
            if (serverSide) {
                Handshake.serve(frames, key);
            } else {
                Handshake.connect(frames, key);
            }
        } catch (IOException | RuntimeException e) {
            frames.close();
            if (timedOut.get()) {
                throw new AuthenticationException("peer " + peer + " did not complete the authkey challenge within " + timeout);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Whether the listener still accepts connections.
     *
     * @return true until {@link #close()}
     */
    public boolean isOpen() {
        return server.isOpen();
    }

    /**
     * Stops listening; connections already accepted stay open, those authenticated but not yet
     * accepted are closed, threads in {@code accept()} get an IOException, and a Unix socket
     * file is removed (Python's {@code close()}). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        Object outcome;
        while ((outcome = outcomes.poll()) != null) {
            if (outcome instanceof Connection connection) {
                connection.close();
            }
        }
        outcomes.offer(CLOSED);
        roomLock.lock();
        try {
            room.signalAll();
        } finally {
            roomLock.unlock();
        }
        if (address.isUnix()) {
            try {
                Files.deleteIfExists(Path.of(address.unixPath()));
            } catch (IOException ignored) {
                // the run directory is removed when this JVM exits
            }
        }
    }

    @Override
    public String toString() {
        return "Listener[" + address + (isOpen() ? "" : ", closed") + "]";
    }

    /** Validated options of a {@link Listener}; {@link #authkey} is required. */
    public static final class Builder {
        private Address address;
        private byte[] authkey;
        private int backlog = 128;
        private int maxFrameBytes = FrameChannel.DEFAULT_MAX_FRAME_BYTES;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxPending = HandshakeGate.DEFAULT_MAX_PENDING;
        private int maxPerSource = HandshakeGate.DEFAULT_MAX_PER_SOURCE;

        private Builder() {
        }

        /**
         * Where to listen; default: a fresh Unix socket in this JVM's private run directory.
         *
         * @param address a Unix socket path (its file must not exist yet) or a TCP host and port
         * @return this builder
         * @throws NullPointerException when {@code address} is null
         */
        public Builder address(Address address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Shorthand for {@code address(Address.parse(address))}.
         *
         * @param address {@code unix:/path}, {@code /path}, {@code host:port} or {@code [ipv6]:port}
         * @return this builder
         * @throws IllegalArgumentException when {@code address} cannot be parsed
         */
        public Builder address(String address) {
            return address(Address.parse(address));
        }

        /**
         * The shared secret every peer must prove it knows (Python's {@code authkey=}); required.
         *
         * @param authkey at least 16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException when shorter than 16 bytes
         * @throws NullPointerException when {@code authkey} is null
         */
        public Builder authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length < 16) {
                throw new IllegalArgumentException("authkey must have at least 16 bytes, got " + authkey.length
                        + " (use Listener.randomAuthkey())");
            }
            this.authkey = authkey.clone();
            return this;
        }

        /**
         * How many authenticated connections may wait for {@link #accept()} (and how many failed
         * handshakes may wait to be reported), and the kernel's backlog; default 128 (Python's
         * {@code backlog=}).
         *
         * @param backlog at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * The largest message accepted from a peer, and sent to it; a longer incoming frame closes
         * the connection. Default {@code -Dmp4j.maxFrameBytes}, 256 MiB.
         *
         * @param maxFrameBytes at least 1024
         * @return this builder
         * @throws IllegalArgumentException when below 1024
         */
        public Builder maxFrameBytes(int maxFrameBytes) {
            if (maxFrameBytes < 1024) {
                throw new IllegalArgumentException("frame limit must be >= 1024 bytes, got " + maxFrameBytes);
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /**
         * How long a peer may take to answer the authkey challenge; default 10 s. A slower peer is
         * disconnected and reported by {@link Listener#accept()} as an
         * {@link AuthenticationException}.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         * @throws NullPointerException when {@code timeout} is null
         */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * How many authkey handshakes may run at once ({@code total}, default 4096,
         * {@code -Dmp4j.maxPendingHandshakes}; more connections wait in the kernel's backlog) and how
         * many of them may come from one IP address ({@code perSource}, default 64,
         * {@code -Dmp4j.maxPendingHandshakesPerSource}; more are closed at once). Unix-socket
         * peers count against {@code total} only.
         *
         * @param total     the bound on handshakes in progress, at least 1
         * @param perSource the bound per IP address, at least 1
         * @return this builder
         * @throws IllegalArgumentException when a bound is below 1
         */
        public Builder maxPendingHandshakes(int total, int perSource) {
            if (total < 1 || perSource < 1) {
                throw new IllegalArgumentException("handshake bounds must be >= 1, got " + total + " and " + perSource);
            }
            this.maxPending = total;
            this.maxPerSource = perSource;
            return this;
        }

        /**
         * Binds the address and starts accepting handshakes in the background.
         *
         * @return the listener, which the caller closes
         * @throws IOException if the address cannot be bound (in use, no permission, or a Unix
         *         socket file that already exists)
         * @throws IllegalStateException when no authkey was given
         */
        public Listener bind() throws IOException {
            if (authkey == null) {
                throw new IllegalStateException("a Listener needs an authkey: call authkey(...) before bind()"
                        + " (Listener.randomAuthkey() makes one)");
            }
            return new Listener(this);
        }
    }
}
