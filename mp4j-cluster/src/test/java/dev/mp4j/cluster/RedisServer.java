package dev.mp4j.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for one test class: Debian's binary (installed by .ci/install-redis.sh) on
 * 127.0.0.1 (and optionally one more local address), a random free port, no persistence; its
 * configuration, password included, goes in through its standard input. {@link #restart()} kills it with SIGKILL and
 * starts a fresh, empty one on the same port; {@link #close()} kills it.
 */
final class RedisServer implements AutoCloseable {
    private final int port;
    private final String password;
    private final String extraBind;
    private final Path dir;
    private Process process;

    private RedisServer(int port, String password, String extraBind) throws IOException {
        this.port = port;
        this.password = password;
        this.extraBind = extraBind;
        this.dir = Files.createTempDirectory("mp4j-redis-");
        launch();
    }

    static RedisServer start(String password) {
        return start(password, null);
    }

    /** A server that also listens on {@code extraBind} (an address of this machine), with a password. */
    static RedisServer start(String password, String extraBind) {
        try {
            return new RedisServer(freePort(), password, extraBind);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (install it: .ci/install-redis.sh): " + e, e);
        }
    }

    static RedisServer start() {
        return start(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("redis-server", "-").redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        try (OutputStream config = process.getOutputStream()) {
            config.write(("port " + port + "\nbind 127.0.0.1" + (extraBind == null ? "" : " " + extraBind)
                    + "\nsave \"\"\nappendonly no\ndaemonize no\nloglevel warning\ndir " + dir + "\n"
                    + (password == null ? "" : "requirepass " + password + "\n")).getBytes(StandardCharsets.US_ASCII));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer on port " + port + " within 20s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            String text = n > 0 ? new String(reply, 0, n, StandardCharsets.US_ASCII) : "";
            return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    /** redis://127.0.0.1:PORT, without the password. */
    String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** The address with the password, when there is one. */
    String addressWithPassword() {
        return password == null ? address() : "redis://:" + password + "@127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Kills the server (SIGKILL: no save, its data is gone) and starts an empty one on the same port. */
    void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void startAgain() throws IOException {
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // temporary directory
        }
    }
}
