package dev.mp4j.connection;

import dev.mp4j.AuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenerClientTest {
    private final byte[] key = Listener.randomAuthkey();

    private static CompletableFuture<Connection> acceptAsync(Listener listener) {
        CompletableFuture<Connection> future = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                future.complete(listener.accept());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    @Test
    void objectsAndBytesTravelOverUnixSocket() throws Exception {
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            assertThat(listener.address().isUnix()).isTrue();
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            try (Connection client = Client.connect(listener.address(), key);
                 Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                client.send(List.of("hello", 42, Map.of("k", 1.5)));
                assertThat(server.recv()).isEqualTo(List.of("hello", 42, Map.of("k", 1.5)));
                server.sendBytes(new byte[] {1, 2, 3, 4, 5}, 1, 3);
                assertThat(client.recvBytes()).containsExactly(2, 3, 4);
                server.send(null);
                assertThat(client.recv()).isNull();
            }
        }
    }

    @Test
    void aUnixSocketPathTooLongIsRefusedNamingItsLengthAndTheRemedy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path base) {
        java.nio.file.Path deep = base.resolve("d".repeat(120) + ".sock");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Listener.builder().address(Address.unix(deep)).authkey(key).bind())
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("cannot listen on unix:" + deep)
                .hasMessageContaining("the path has " + deep.toString().length() + " bytes")
                .hasMessageContaining("holds at most 10")
                .hasMessageContaining("give a shorter one");
    }

    @Test
    void tcpWithEphemeralPortReportsTheBoundPort() throws Exception {
        try (Listener listener = Listener.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).bind()) {
            assertThat(listener.address().port()).isPositive();
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            try (Connection client = Client.connect(Address.parse(listener.address().toString()), key);
                 Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                client.send("ping");
                assertThat(server.recv()).isEqualTo("ping");
                server.send("pong");
                assertThat(client.recv()).isEqualTo("pong");
            }
        }
    }

    @Test
    void wrongAuthkeyFailsOnBothSidesAndListenerKeepsServing() throws Exception {
        try (Listener listener = Listener.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).bind()) {
            CompletableFuture<Connection> refused = acceptAsync(listener);
            assertThatThrownBy(() -> Client.connect(listener.address(), Listener.randomAuthkey()))
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthenticationException.class);

            CompletableFuture<Connection> accepted = acceptAsync(listener);
            try (Connection client = Client.connect(listener.address(), key);
                 Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                client.send("still serving");
                assertThat(server.recv()).isEqualTo("still serving");
            }
        }
    }

    @Test
    void peerThatSendsGarbageInsteadOfTheChallengeAnswerIsRefused() throws Exception {
        try (Listener listener = Listener.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).bind()) {
            CompletableFuture<Connection> refused = acceptAsync(listener);
            try (SocketChannel raw = SocketChannel.open(listener.address().toSocketAddress())) {
                // a frame header announcing 1 GiB: refused before allocation, during the handshake
                raw.write(ByteBuffer.wrap(new byte[] {0x40, 0, 0, 0, (byte) 0xA2}));
                assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(AuthenticationException.class);
            }
        }
    }

    @Test
    void silentPeerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        try (Listener listener = Listener.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key)
                .handshakeTimeout(Duration.ofMillis(300)).bind();
             SocketChannel raw = SocketChannel.open(listener.address().toSocketAddress())) {
            assertThat(raw.isConnected()).isTrue();
            CompletableFuture<Connection> refused = acceptAsync(listener);
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthenticationException.class)
                    .rootCause().hasMessageContaining("within");
        }
    }

    @Test
    void pollSeesBufferedMessagesAndEofAndTimesOut() throws Exception {
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            Connection client = Client.connect(listener.address(), key);
            try (Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                assertThat(server.poll()).isFalse();
                assertThat(server.poll(Duration.ofMillis(50))).isFalse();
                client.send("a");
                client.send("b");
                assertThat(server.poll(Duration.ofSeconds(5))).isTrue();
                assertThat(server.recv()).isEqualTo("a");
                // "b" arrived together with "a": poll must still see it
                assertThat(server.poll()).isTrue();
                assertThat(server.recv()).isEqualTo("b");
                client.close();
                assertThat(server.poll(Duration.ofSeconds(5))).isTrue();
                assertThatThrownBy(server::recv).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void oversizedFrameFromAnAuthenticatedPeerIsRefusedBeforeAllocation() throws Exception {
        try (Listener listener = Listener.builder().authkey(key).maxFrameBytes(4096).bind()) {
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            SocketChannel raw = SocketChannel.open(listener.address().toSocketAddress());
            dev.mp4j.internal.transport.FrameChannel frames = new dev.mp4j.internal.transport.FrameChannel(raw);
            dev.mp4j.internal.transport.Handshake.connect(frames, key);
            try (Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                raw.write(ByteBuffer.wrap(new byte[] {0, 1, 0, 0, SocketConnection.OBJECT}));
                assertThatThrownBy(server::recv)
                        .isInstanceOf(dev.mp4j.connection.MalformedFrameException.class)
                        .hasMessageContaining("65536 bytes; the limit is 4096");
            } finally {
                frames.close();
            }
        }
    }

    @Test
    void closingAListenerRemovesItsSocketFile() throws Exception {
        Listener listener = Listener.builder().authkey(key).bind();
        java.nio.file.Path socket = java.nio.file.Path.of(listener.address().unixPath());
        assertThat(socket).exists();
        listener.close();
        assertThat(socket).doesNotExist();
        assertThatThrownBy(listener::accept).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void recvBytesIntoTooSmallBufferCarriesTheMessage() throws Exception {
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            try (Connection client = Client.connect(listener.address(), key);
                 Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                client.sendBytes(new byte[] {9, 8, 7, 6});
                client.sendBytes(new byte[] {1, 2});
                byte[] small = new byte[3];
                assertThatThrownBy(() -> server.recvBytesInto(small, 0))
                        .isInstanceOfSatisfying(BufferTooShortException.class,
                                e -> assertThat(e.message()).containsExactly(9, 8, 7, 6));
                assertThat(server.recvBytesInto(small, 1)).isEqualTo(2);
                assertThat(small).containsExactly(0, 1, 2);
            }
        }
    }

    @Test
    void unserializableValueFailsClearlyAndClosedConnectionRefusesUse() throws Exception {
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            CompletableFuture<Connection> accepted = acceptAsync(listener);
            Connection client = Client.connect(listener.address(), key);
            try (Connection server = accepted.get(10, TimeUnit.SECONDS)) {
                assertThatThrownBy(() -> client.send(new Object()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
                client.close();
                assertThat(client.isClosed()).isTrue();
                assertThatThrownBy(() -> client.send("x")).isInstanceOf(IOException.class).hasMessageContaining("closed");
                assertThatThrownBy(server::recv).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void nothingListeningAndBadAddressesFailClearly() {
        assertThatThrownBy(() -> Client.connect(Address.parse("unix:/nonexistent/mp4j.sock"), key))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot connect to unix:/nonexistent/mp4j.sock");
        assertThatThrownBy(() -> Address.parse("localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Address.parse("localhost:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Address.tcp("h", 70000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> Listener.builder().bind()).hasMessageContaining("authkey");
        assertThatThrownBy(() -> Listener.builder().authkey(new byte[4])).hasMessageContaining("16 bytes");
        assertThat(Address.parse("[::1]:80")).isEqualTo(Address.tcp("::1", 80));
        assertThat(Address.parse("[::1]:80").toString()).isEqualTo("[::1]:80");
    }
}
