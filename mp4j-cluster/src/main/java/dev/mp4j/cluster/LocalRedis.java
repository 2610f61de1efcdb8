package dev.mp4j.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process on 127.0.0.1 (a random free port, no persistence) for running the
 * cluster engine on one machine: the lab, benchmarks, demos. Needs the {@code redis-server}
 * binary on the PATH ({@code .ci/install-redis.sh} installs Debian's). {@link #close()} kills it.
 */
public final class LocalRedis implements AutoCloseable {
    private final java.lang.Process process;
    private final int port;
    private final Path dir;

    private LocalRedis(java.lang.Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts redis-server and returns once it accepts connections (or fails within 20 s).
     *
     * @return the running server, which the caller closes
     * @throws IllegalStateException when redis-server is missing or does not start (the message
     *         quotes its log)
     */
    public static LocalRedis start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("mp4j-redis-");
            java.lang.Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--loglevel", "warning", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            LocalRedis redis = new LocalRedis(process, port, dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return redis;
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        redis.close();
                        throw new IllegalStateException("redis-server did not start on 127.0.0.1:" + port + ": "
                                + Files.readString(dir.resolve("redis.log")));
                    }
                    Thread.sleep(20);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (install it: sudo apt-get install -y redis-server): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    /**
     * Where the server listens, for {@link Cluster#connect(String)} and {@code Pool.builder().redis(...)}.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server and removes its temporary directory. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
