package dev.mp4j.connection;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Descriptor passing (Python's send_handle/recv_handle) and Connection.fileno(). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HandlePassingTest {

    private static String readAll(FileHandle handle) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (handle.read(buffer) > 0) {
            // fill
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** The receiver gets the open file itself: it reads a file whose name was already deleted, and writes to another. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void anOpenFileTravelsThroughAPipeEvenAfterItsNameIsGone(Engine engine, @TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "only the open file knows");
        Path log = dir.resolve("log.txt");
        Pipe pipe = Pipe.create();
        Connection childEnd = pipe.second();
        try (Children children = new Children()) {
            children.start(engine, () -> {
                try (FileHandle read = childEnd.recvHandle(); FileHandle write = childEnd.recvHandle()) {
                    String text = readAll(read);
                    write.write(ByteBuffer.wrap(("child read: " + text).getBytes(StandardCharsets.UTF_8)));
                    childEnd.send(read.fd() >= 0);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (FileHandle read = FileHandle.open(secret);
                 FileHandle write = FileHandle.open(log, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                Files.delete(secret);
                pipe.first().sendHandle(read);
                pipe.first().sendHandle(write);
            } // closing ours at once is fine: the offers hold duplicates
            assertThat(pipe.first().recv()).isEqualTo(true);
            children.joinAllSucceeded(Duration.ofSeconds(60));
        }
        assertThat(log).hasContent("child read: only the open file knows");
        assertThat(Files.getPosixFilePermissions(log)).hasToString("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void aHandleTravelsOverAListenerConnectionToAChildJvm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "over a socket");
        byte[] key = Listener.randomAuthkey();
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            Address address = listener.address();
            Process child = Process.of(() -> {
                try (Connection conn = Client.connect(address, key); FileHandle handle = conn.recvHandle()) {
                    conn.send(readAll(handle));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            child.start();
            try (Connection conn = listener.accept(); FileHandle handle = FileHandle.open(file)) {
                conn.sendHandle(handle);
                assertThat(conn.recv()).isEqualTo("over a socket");
            }
            assertThat(child.join(Duration.ofSeconds(60))).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        }
    }

    @Test
    void recvHandleRefusesAnotherMessageAndBadOptionsAreNamed(@TempDir Path dir) throws Exception {
        Pipe pipe = Pipe.create();
        pipe.first().send("not a handle");
        assertThatThrownBy(() -> pipe.second().recvHandle()).isInstanceOf(IOException.class)
                .hasMessageContaining("expected a handle sent with sendHandle()").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> FileHandle.open(dir.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no such file or directory");
        assertThatThrownBy(() -> FileHandle.open(dir.resolve("x"), StandardOpenOption.DELETE_ON_CLOSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported open option");
        FileHandle closed = FileHandle.open(Files.writeString(dir.resolve("y"), "y"));
        closed.close();
        closed.close();
        assertThatThrownBy(closed::fd).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> pipe.first().fileno()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shared memory");
    }

    /**
     * fileno() names the right socket even among several Unix connections to one listener: a frame
     * written raw to the descriptor arrives at that connection's peer.
     */
    @Test
    void filenoIsTheConnectionsOwnSocket() throws Exception {
        byte[] key = Listener.randomAuthkey();
        for (Address where : java.util.Arrays.asList(Address.tcp("127.0.0.1", 0), null)) {
            Listener.Builder builder = Listener.builder().authkey(key);
            try (Listener listener = (where == null ? builder : builder.address(where)).bind()) {
                List<Connection> clients = new ArrayList<>();
                List<Connection> servers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
                        try {
                            return listener.accept();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    clients.add(Client.connect(listener.address(), key));
                    servers.add(accepted.get(30, TimeUnit.SECONDS));
                }
                for (int i = 0; i < 3; i++) {
                    int fd = clients.get(i).fileno();
                    assertThat(clients.get(i).fileno()).isEqualTo(fd);
                    try (FileHandle raw = FileHandle.duplicate(fd)) {
                        byte[] payload = ("raw " + i).getBytes(StandardCharsets.UTF_8);
                        ByteBuffer frame = ByteBuffer.allocate(5 + payload.length).putInt(payload.length)
                                .put((byte) SocketConnection.BYTES).put(payload).flip();
                        raw.write(frame);
                    }
                    assertThat(new String(servers.get(i).recvBytes(), StandardCharsets.UTF_8)).as("%s", listener.address())
                            .isEqualTo("raw " + i);
                    assertThat(servers.get(i).fileno()).isNotEqualTo(fd);
                }
                clients.forEach(Connection::close);
                servers.forEach(Connection::close);
            }
        }
    }
}
