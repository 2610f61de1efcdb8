package dev.mp4j.connection;

import dev.mp4j.AuthenticationException;
import dev.mp4j.internal.connection.FrameAlignedChannel;
import dev.mp4j.internal.connection.Sockets;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Connects to a {@link Listener}: Python's {@code multiprocessing.connection.Client}. Both sides
 * prove they know the authkey before the returned connection carries anything.
 */
public final class Client {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private Client() {
    }

    /**
     * Connects and authenticates (Python's {@code Client(address, authkey=key)}): both sides
     * prove they know {@code authkey} (HMAC-SHA256 challenges) within 10 seconds, before anything
     * else is exchanged. Messages up to {@code -Dmp4j.maxFrameBytes} (256 MiB by default) are
     * accepted.
     *
     * @param address where the {@link Listener} listens
     * @param authkey the listener's authkey
     * @return the connection, which the caller closes
     * @throws AuthenticationException if the listener uses another authkey, or does not complete
     *         the challenge in time
     * @throws IOException if nothing listens at {@code address} or the connection breaks during
     *         the handshake
     * @throws NullPointerException when an argument is null
     */
    public static Connection connect(Address address, byte[] authkey) throws IOException {
        return connect(address, authkey, FrameChannel.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * As {@link #connect(Address, byte[])}, refusing messages longer than {@code maxFrameBytes}
     * (both sent and received).
     *
     * @param address       where the {@link Listener} listens
     * @param authkey       the listener's authkey
     * @param maxFrameBytes the largest message, in bytes
     * @return the connection, which the caller closes
     * @throws AuthenticationException if the listener uses another authkey
     * @throws IOException if nothing listens at {@code address} or the handshake fails
     * @throws NullPointerException when {@code address} or {@code authkey} is null
     */
    public static Connection connect(Address address, byte[] authkey, int maxFrameBytes) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        SocketChannel socket = Sockets.connect(address);
        FrameAlignedChannel channel;
        try {
            channel = new FrameAlignedChannel(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        FrameChannel frames = new FrameChannel(channel, maxFrameBytes);
        Listener.authenticate(frames, address.toString(), false, authkey, HANDSHAKE_TIMEOUT);
        return new SocketConnection(frames, channel, address.toString());
    }
}
