package dev.mp4j.internal.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds the file descriptor of a {@link SocketChannel}, which the JDK does not expose (Python's
 * {@code Connection.fileno()}): among this process's socket descriptors ({@code /proc/self/fd}), a
 * TCP socket is the one with the channel's local and remote addresses (unique by TCP's rules); a
 * Unix socket, whose addresses several connections share, is the one that takes a receive-buffer
 * size set on the channel for the purpose, twice with different random sizes, and then gets its
 * own size back. A Unix stream socket does not use its receive-buffer size for anything else, and
 * one lock keeps two look-ups from marking at once.
 */
public final class SocketDescriptors {
    private static final ReentrantLock MARKING = new ReentrantLock();

    private SocketDescriptors() {
    }

    /** The channel's descriptor. @throws IOException when it cannot be found (the channel is closed) */
    public static int find(SocketChannel channel) throws IOException {
        List<Integer> sockets = socketDescriptors();
        SocketAddress remote = channel.getRemoteAddress();
        if (remote instanceof InetSocketAddress inetRemote) {
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            for (int fd : sockets) {
                if (inetRemote.equals(decode(NativeIo.socketAddress(fd, true)))
                        && local.equals(decode(NativeIo.socketAddress(fd, false)))) {
                    return fd;
                }
            }
            throw new IOException("no descriptor of this process has the addresses of " + channel);
        }
        MARKING.lock();
        try {
            int original = channel.getOption(StandardSocketOptions.SO_RCVBUF);
            Set<Integer> matching = null;
            try {
                for (int round = 0; round < 4 && (matching == null || matching.size() > 1); round++) {
                    // under the usual net.core.rmem_max (212992), which would clamp larger sizes to one value
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, 8192 + 64 * ThreadLocalRandom.current().nextInt(1400));
                    int marked = channel.getOption(StandardSocketOptions.SO_RCVBUF);
                    Set<Integer> now = new HashSet<>();
                    for (int fd : sockets) {
                        int size = NativeIo.receiveBufferSize(fd);
                        // Linux stores twice what was set; the JDK reports it halved
                        if (size == marked || size == 2 * marked) {
                            now.add(fd);
                        }
                    }
                    if (matching == null) {
                        matching = now;
                    } else {
                        matching.retainAll(now);
                    }
                }
            } finally {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, original);
            }
            if (matching.size() != 1) {
                throw new IOException("cannot tell which descriptor is " + channel + " (" + matching.size() + " candidates)");
            }
            return matching.iterator().next();
        } finally {
            MARKING.unlock();
        }
    }

    private static List<Integer> socketDescriptors() throws IOException {
        List<Integer> sockets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException closedMeanwhile) {
                    // not a descriptor we can read any more
                }
            }
        }
        return sockets;
    }

    /** A sockaddr_in or sockaddr_in6 as the JDK's address, or null for any other family. */
    private static InetSocketAddress decode(byte[] raw) {
        if (raw == null || raw.length < 4) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int family = bytes.getShort(0);
        int port = ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF);
        try {
            if (family == NativeIo.AF_INET && raw.length >= 8) {
                return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 4, 8)), port);
            }
            if (family == NativeIo.AF_INET6 && raw.length >= 24) {
                return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 8, 24)), port);
            }
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        return null;
    }
}
