package dev.mp4j.internal.observe;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.observe.PoolStats;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code mp4j top} sees the pools of other JVMs: a JVM that starts a process pool listens on
 * {@code status.sock} in its private run directory (mode 0700, so only the same user, whom mp4j
 * trusts, can connect), and answers each connection with a snapshot of its live pools (a length,
 * then {@code List<PoolStats>} in mp4j's encoding) and closes it. The listening thread sleeps in
 * {@code accept} and costs nothing between requests. Off with {@code -Dmp4j.statusSocket=false}.
 */
public final class StatusServer {
    public static final String SOCKET_NAME = "status.sock";
    private static final AtomicBoolean started = new AtomicBoolean();

    private StatusServer() {
    }

    /** Starts listening once, if allowed; a failure to bind only loses {@code mp4j top}'s view of this JVM. */
    public static void ensureStarted() {
        if (!Boolean.parseBoolean(System.getProperty("mp4j.statusSocket", "true")) || !started.compareAndSet(false, true)) {
            return;
        }
        // binds on its own thread: the pool that asks does not wait for it
        Thread.ofPlatform().daemon().name("mp4j-status").stackSize(256 * 1024).start(StatusServer::bindAndServe);
    }

    private static void bindAndServe() {
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(RunDirectory.path().resolve(SOCKET_NAME)));
        } catch (IOException | RuntimeException e) {
            dev.mp4j.internal.runtime.LazyLogger.of(StatusServer.class).debug("no status socket for mp4j top: {}", e.toString());
            return;
        }
        serve(server);
    }

    private static void serve(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                byte[] snapshot = Codec.standard().encode(new ArrayList<>(PoolRegistry.stats()));
                ByteBuffer buffer = ByteBuffer.allocate(4 + snapshot.length).putInt(snapshot.length).put(snapshot).flip();
                while (buffer.hasRemaining()) {
                    client.write(buffer);
                }
            } catch (IOException | RuntimeException e) {
                // the client went away, or a pool could not be encoded: the next request tries again
            }
        }
    }

    /** The status sockets of this user's mp4j JVMs (in {@code $XDG_RUNTIME_DIR} and {@code java.io.tmpdir}). */
    public static List<Path> discover() {
        Set<Path> bases = new LinkedHashSet<>();
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            bases.add(Path.of(runtime));
        }
        bases.add(Path.of(System.getProperty("java.io.tmpdir")));
        bases.add(Path.of("/tmp"));
        List<Path> sockets = new ArrayList<>();
        for (Path base : bases) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mp4j-*")) {
                for (Path dir : dirs) {
                    Path socket = dir.resolve(SOCKET_NAME);
                    if (Files.exists(socket) && !sockets.contains(socket)) {
                        sockets.add(socket);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not readable: not ours
            }
        }
        return sockets;
    }

    /**
     * The pools the JVM listening on {@code socket} reports; empty when it does not answer within
     * {@code timeout} (it exited and left its directory behind, say).
     */
    @SuppressWarnings("unchecked")
    public static List<PoolStats> read(Path socket, Duration timeout) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel);
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                    channel.close();
                } catch (InterruptedException | IOException e) {
                    // done in time
                }
            });
            try {
                java.io.DataInputStream data = new java.io.DataInputStream(in);
                int length = data.readInt();
                if (length < 0 || length > 64 << 20) {
                    return List.of();
                }
                byte[] bytes = data.readNBytes(length);
                if (bytes.length != length) {
                    return List.of();
                }
                return (List<PoolStats>) Codec.standard().decode(bytes);
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Every pool of every mp4j JVM of this user that answers. */
    public static List<PoolStats> readAll(Duration timeout) {
        List<PoolStats> all = new ArrayList<>();
        for (Path socket : discover()) {
            all.addAll(read(socket, timeout));
        }
        return all;
    }
}
