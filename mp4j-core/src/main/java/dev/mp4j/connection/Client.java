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
     * Connects and authenticates.
     *
     * @throws AuthenticationException if the listener uses another authkey
     * @throws IOException if nothing listens at {@code address}
     */
    public static Connection connect(Address address, byte[] authkey) throws IOException {
        return connect(address, authkey, FrameChannel.DEFAULT_MAX_FRAME_BYTES);
    }

    /** As {@link #connect(Address, byte[])}, refusing messages longer than {@code maxFrameBytes}. */
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
