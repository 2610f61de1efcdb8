package dev.mp4j.cluster;

import dev.mp4j.AuthenticationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-machine helper the lab, the benchmarks and the demos use: a throwaway redis-server that
 * really serves, only to holders of its per-run password, only on loopback, and really goes away.
 */
class LocalRedisTest {
    @Test
    void startsAServerThatTheClusterUsesAndKillsItOnClose() {
        String address;
        try (LocalRedis redis = LocalRedis.start(); Cluster cluster = Cluster.connect(redis.address())) {
            address = redis.address();
            assertThat(redis.redisAddress().toString()).startsWith("redis://127.0.0.1:").doesNotContain(redis.redisAddress().password());
            cluster.value("answer", 42);
            assertThat(cluster.value("answer", 0).get()).isEqualTo(42);
        }
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aClientWithoutThePerRunPasswordIsRefusedAndThePasswordIsNeverOnTheCommandLine() throws IOException {
        try (LocalRedis redis = LocalRedis.start(); LocalRedis other = LocalRedis.start()) {
            RedisAddress address = redis.redisAddress();
            String password = address.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(other.redisAddress().password());

            assertThat(send(address.port(), "PING\r\n")).startsWith("-NOAUTH");
            assertThat(send(address.port(), "KEYS *\r\n")).startsWith("-NOAUTH");
            assertThatThrownBy(() -> Cluster.connect("redis://127.0.0.1:" + address.port()).close())
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("requires a password");
            assertThatThrownBy(() -> Cluster.connect("redis://:" + other.redisAddress().password() + "@127.0.0.1:"
                    + address.port()).close())
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("refused the password");

            String bind = send(address.port(), "AUTH " + password + "\r\nCONFIG GET bind\r\n");
            assertThat(bind).startsWith("+OK").endsWith("$4\r\nbind\r\n$9\r\n127.0.0.1\r\n");

            Path proc = Path.of("/proc", Long.toString(redis.pid()));
            if (Files.isDirectory(proc)) {
                assertThat(Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1)).doesNotContain(password);
                assertThat(Files.readString(proc.resolve("environ"), StandardCharsets.ISO_8859_1)).doesNotContain(password);
            }
        }
    }

    /** Sends raw RESP inline commands and returns what the server answered within a second. */
    private static String send(int port, String commands) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[512];
            int expectedLines = (int) commands.chars().filter(c -> c == '\n').count();
            try {
                while (reply.chars().filter(c -> c == '\n').count() < expectedLines + (commands.contains("CONFIG") ? 4 : 0)) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
            } catch (java.net.SocketTimeoutException enough) {
                // what arrived is the answer
            }
            return reply.toString();
        }
    }
}
