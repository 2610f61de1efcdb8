package dev.mp4j.internal.connection;

import dev.mp4j.connection.Address;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Opening client sockets for an {@link Address}. */
public final class Sockets {
    private Sockets() {
    }

    /** A connected blocking socket; TCP sockets get {@code TCP_NODELAY} (messages are small and latency matters). */
    public static SocketChannel connect(Address address) throws IOException {
        SocketChannel socket = SocketChannel.open(address.protocolFamily());
        try {
            socket.connect(address.toSocketAddress());
            if (!address.isUnix()) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }
}
