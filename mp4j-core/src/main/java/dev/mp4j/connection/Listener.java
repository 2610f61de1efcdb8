package dev.mp4j.connection;

import dev.mp4j.AuthenticationException;
import dev.mp4j.internal.connection.FrameAlignedChannel;
import dev.mp4j.internal.connection.Watchdog;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * fails makes that {@code accept()} throw {@link AuthenticationException} (as Python's does); the
 * listener stays open and the next {@code accept()} serves the next peer.
 *
 * <p>A Unix socket file is created by {@code bind()} and removed by {@link #close()}. Thread-safe:
 * several threads may {@code accept()} at once.
 */
public final class Listener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authkey;
    private final int maxFrameBytes;
    private final Duration handshakeTimeout;

    private Listener(Builder builder) throws IOException {
        this.authkey = builder.authkey.clone();
        this.maxFrameBytes = builder.maxFrameBytes;
        this.handshakeTimeout = builder.handshakeTimeout;
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
            throw new IOException("cannot listen on " + requested + ": " + e.getMessage(), e);
        }
        if (requested.isUnix()) {
            address = requested;
        } else {
            address = Address.tcp(requested.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh random 32-byte authkey. */
    public static byte[] randomAuthkey() {
        return Handshake.newKey();
    }

    /** The bound address; for TCP port 0 it carries the port the OS chose. */
    public Address address() {
        return address;
    }

    /**
     * Waits for the next peer and authenticates it.
     *
     * @throws AuthenticationException if the peer does not know the authkey (or does not answer the
     *     challenge within the handshake timeout); the listener remains usable
     * @throws IOException if the listener is closed or the peer disconnects during the handshake
     */
    public Connection accept() throws IOException {
        SocketChannel socket;
        try {
            socket = server.accept();
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new IOException("listener on " + address + " is closed", e);
        }
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
        return new SocketConnection(frames, channel, peer);
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

    public boolean isOpen() {
        return server.isOpen();
    }

    /** Stops listening; connections already accepted stay open. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is best effort
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

        private Builder() {
        }

        /** Where to listen; default: a fresh Unix socket in this JVM's private run directory. */
        public Builder address(Address address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Shorthand for {@code address(Address.parse(address))}. */
        public Builder address(String address) {
            return address(Address.parse(address));
        }

        /** The shared secret every peer must prove it knows (at least 16 bytes). */
        public Builder authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length < 16) {
                throw new IllegalArgumentException("authkey must have at least 16 bytes, got " + authkey.length
                        + " (use Listener.randomAuthkey())");
            }
            this.authkey = authkey.clone();
            return this;
        }

        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /** The largest message accepted from a peer; longer frames close the connection. */
        public Builder maxFrameBytes(int maxFrameBytes) {
            if (maxFrameBytes < 1024) {
                throw new IllegalArgumentException("frame limit must be >= 1024 bytes, got " + maxFrameBytes);
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /** How long a peer may take to answer the authkey challenge; default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Binds and returns the listener. @throws IOException if the address cannot be bound */
        public Listener bind() throws IOException {
            if (authkey == null) {
                throw new IllegalStateException("a Listener needs an authkey: call authkey(...) before bind()"
                        + " (Listener.randomAuthkey() makes one)");
            }
            return new Listener(this);
        }
    }
}
