package dev.mp4j.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process on 127.0.0.1 (a random free port, no persistence) for running the
 * cluster engine on one machine: the lab, benchmarks, demos. Needs the {@code redis-server}
 * binary on the PATH ({@code .ci/install-redis.sh} installs Debian's). {@link #close()} kills it.
 *
 * <p>The server requires a password made afresh for each start (128 random bits): it reaches
 * redis-server through its standard input, never its command line or environment, and
 * {@link #address()} carries it, so every client made from that address (pools, workers started by
 * {@link LocalWorkers}, {@link Cluster}) logs in while another local user, who can reach the port,
 * gets {@code NOAUTH}. The server listens on the loopback interface only.
 */
public final class LocalRedis implements AutoCloseable {
    private final java.lang.Process process;
    private final int port;
    private final String password;
    private final Path dir;

    private LocalRedis(java.lang.Process process, int port, String password, Path dir) {
        this.process = process;
        this.port = port;
        this.password = password;
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
        return start(null);
    }

    /**
     * Like {@link #start()}, listening also on {@code localAddress}, an address of this machine
     * other than loopback (a veth link to worker JVMs in another network namespace, say); the
     * password applies there too. Use {@link #address(String)} with it.
     *
     * @param localAddress an IP address of this machine
     * @return the running server, which the caller closes
     * @throws IllegalArgumentException when the address is blank or malformed
     * @throws IllegalStateException when redis-server is missing or does not start
     */
    public static LocalRedis listeningAlsoOn(String localAddress) {
        if (localAddress == null || localAddress.isBlank() || localAddress.contains(" ") || localAddress.contains("\n")) {
            throw new IllegalArgumentException("expected one local IP address to listen on, got '" + localAddress + "'");
        }
        return start(localAddress);
    }

    private static LocalRedis start(String alsoBind) {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            String password = HexFormat.of().formatHex(dev.mp4j.internal.runtime.Randomness.bytes(16));
            Path dir = Files.createTempDirectory("mp4j-redis-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            java.lang.Process process = new ProcessBuilder("redis-server", "-")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            LocalRedis redis = new LocalRedis(process, port, password, dir);
            try (OutputStream config = process.getOutputStream()) {
                config.write(("port " + port + "\nbind 127.0.0.1" + (alsoBind == null ? "" : " " + alsoBind) + "\nprotected-mode yes\nrequirepass " + password
                        + "\nsave \"\"\nappendonly no\nloglevel warning\ndir " + dir + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                redis.close();
                throw e;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return redis;
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        String log = Files.readString(dir.resolve("redis.log"));
                        redis.close();
                        throw new IllegalStateException("redis-server did not start on 127.0.0.1:" + port + ": " + log);
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
     * Where the server listens, with its password, for {@link Cluster#connect(String)},
     * {@code Pool.builder().redis(...)} and worker JVMs.
     *
     * @return {@code redis://:PASSWORD@127.0.0.1:PORT}
     */
    public String address() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    /**
     * The server as reached at {@code host} (see {@link #listeningAlsoOn}).
     *
     * @param host an address the server listens on
     * @return {@code redis://:PASSWORD@HOST:PORT}
     */
    public String address(String host) {
        return "redis://:" + password + "@" + host + ":" + port;
    }

    /**
     * The same address, as a value whose {@code toString()} hides the password.
     *
     * @return the address with its password
     */
    public RedisAddress redisAddress() {
        return new RedisAddress("127.0.0.1", port, false, null, password);
    }

    /**
     * The server's process id.
     *
     * @return its pid
     */
    public long pid() {
        return process.pid();
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
