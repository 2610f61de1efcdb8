package dev.mp4j.connection;

import dev.mp4j.Process;
import dev.mp4j.SerializationException;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeTest {

    @Test
    void aDuplexPipeCarriesObjectsBothWays() throws IOException {
        Pipe pipe = Pipe.create();
        pipe.first().send(Map.of("answer", 42));
        pipe.second().send("back");
        assertThat(pipe.second().recv()).isEqualTo(Map.of("answer", 42));
        assertThat(pipe.first().recv()).isEqualTo("back");
        assertThat(pipe.first().isReadable()).isTrue();
        assertThat(pipe.first().isWritable()).isTrue();
    }

    @Test
    void aOneWayPipeReceivesOnTheFirstEndAndSendsOnTheSecond() throws IOException {
        Pipe pipe = Pipe.create(false);
        assertThat(pipe.first().isWritable()).isFalse();
        assertThat(pipe.second().isReadable()).isFalse();
        assertThatThrownBy(() -> pipe.first().send(1)).isInstanceOf(IOException.class).hasMessage("connection is read-only");
        assertThatThrownBy(() -> pipe.second().recv()).isInstanceOf(IOException.class).hasMessage("connection is write-only");
        pipe.second().send(1);
        assertThat(pipe.first().recv()).isEqualTo(1);
    }

    @Test
    void byteMessagesRespectOffsetsAndATooShortBufferGetsTheMessageBack() throws IOException {
        Pipe pipe = Pipe.create();
        pipe.first().sendBytes(new byte[]{1, 2, 3, 4, 5}, 1, 3);
        byte[] buffer = new byte[6];
        assertThat(pipe.second().recvBytesInto(buffer, 2)).isEqualTo(3);
        assertThat(buffer).containsExactly(0, 0, 2, 3, 4, 0);
        pipe.first().sendBytes(new byte[]{9, 9, 9});
        assertThatThrownBy(() -> pipe.second().recvBytesInto(new byte[4], 2))
                .isInstanceOfSatisfying(BufferTooShortException.class,
                        e -> assertThat(e.message()).containsExactly(9, 9, 9));
        pipe.first().sendBytes(new byte[0]);
        assertThat(pipe.second().recvBytes()).isEmpty();
    }

    @Test
    void recvDrainsWhatWasSentThenRaisesEofOnceTheOtherEndIsClosed() throws IOException {
        Pipe pipe = Pipe.create();
        pipe.second().send("last words");
        pipe.second().close();
        assertThat(pipe.first().poll()).isTrue();
        assertThat(pipe.first().recv()).isEqualTo("last words");
        assertThat(pipe.first().poll()).as("EOF is readable").isTrue();
        assertThatThrownBy(() -> pipe.first().recv()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> pipe.first().send("x")).isInstanceOf(IOException.class).hasMessageContaining("broken pipe");
        assertThatThrownBy(() -> pipe.second().send("x")).isInstanceOf(IOException.class).hasMessage("handle is closed");
        assertThat(pipe.second().isClosed()).isTrue();
    }

    @Test
    void anUnserializableObjectIsRefusedAndThePipeStaysUsable() throws IOException {
        Pipe pipe = Pipe.create();
        assertThatThrownBy(() -> pipe.first().send(new Object())).isInstanceOf(SerializationException.class);
        pipe.first().send("fine");
        assertThat(pipe.second().recv()).isEqualTo("fine");
    }

    @Test
    void closingAnEndFailsItsWaitingReceiverInsteadOfLeavingItBlocked() throws Exception {
        Pipe pipe = Pipe.create();
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                pipe.first().recv();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        });
        pipe.first().close();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        receiver.join(Duration.ofSeconds(10));
    }

    @Test
    void pollWaitsForAMessageUpToTheTimeout() throws Exception {
        Pipe pipe = Pipe.create();
        long start = System.nanoTime();
        assertThat(pipe.first().poll(Duration.ofMillis(100))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        Thread sender = Thread.ofPlatform().start(() -> {
            try {
                pipe.second().send("hi");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(pipe.first().poll(Duration.ofSeconds(10))).isTrue();
        sender.join();
    }

    @Test
    void messagesLargerThanTheBufferStreamThrough() throws Exception {
        Pipe pipe = Pipe.create();
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Thread sender = Thread.ofPlatform().start(() -> {
            try {
                pipe.second().sendBytes(big);
                pipe.second().send("after");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(pipe.first().recvBytes()).isEqualTo(big);
        assertThat(pipe.first().recv()).isEqualTo("after");
        sender.join();
    }

    @Test
    void aChildProcessProducesUntilItClosesAndTheParentReadsToEof() throws Exception {
        Pipe pipe = Pipe.create(false);
        Connection reader = pipe.first();
        Connection writer = pipe.second();
        List<Object> received = new ArrayList<>();
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        writer.send(i);
                    }
                    writer.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.close();
            while (true) {
                try {
                    received.add(reader.recv());
                } catch (EOFException eof) {
                    break;
                }
            }
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        assertThat(received).hasSize(10_000);
        assertThat(received.get(9_999)).isEqualTo(9_999);
    }

    @Test
    void anEndHeldOnlyByAKilledProcessReadsAsClosed() throws Exception {
        Pipe pipe = Pipe.create();
        Connection mine = pipe.first();
        Connection theirs = pipe.second();
        try (Children children = new Children()) {
            Process holder = children.start(() -> {
                try {
                    theirs.send("ready");
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            theirs.close();
            assertThat(mine.recv()).isEqualTo("ready");
            holder.kill();
            assertThatThrownBy(mine::recv).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> mine.send("anyone?")).isInstanceOf(IOException.class)
                    .hasMessageContaining("broken pipe");
        }
    }

    @Test
    void aChildAnswersRequestsOverADuplexPipe() throws Exception {
        Pipe pipe = Pipe.create();
        Connection child = pipe.second();
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    while (true) {
                        Object request = child.recv();
                        child.send("echo:" + request);
                    }
                } catch (EOFException done) {
                    child.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            child.close();
            for (int i = 0; i < 100; i++) {
                pipe.first().send(i);
                assertThat(pipe.first().recv()).isEqualTo("echo:" + i);
            }
            pipe.first().close();
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
    }

    @Test
    void waitReturnsTheConnectionsThatAreReady() throws Exception {
        Pipe a = Pipe.create();
        Pipe b = Pipe.create();
        Pipe c = Pipe.create();
        List<Connection> readers = List.of(a.first(), b.first(), c.first());
        assertThat(Connections.wait(readers, Duration.ofMillis(50))).isEmpty();
        b.second().send("x");
        c.second().close();
        assertThat(Connections.wait(readers, Duration.ofSeconds(10))).containsExactly(b.first(), c.first());
        Thread later = Thread.ofPlatform().start(() -> {
            try {
                a.second().send("y");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(Connections.wait(List.of(a.first()), null)).containsExactly(a.first());
        later.join();
    }
}
