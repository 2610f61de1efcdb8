package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.connection.Address;
import dev.mp4j.connection.Pipe;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.manager.ManagerServerCore;
import dev.mp4j.internal.manager.ManagerWire;
import dev.mp4j.internal.pipe.PipeTamper;
import dev.mp4j.internal.pool.PoolWire;
import dev.mp4j.internal.process.ChildJvm;
import dev.mp4j.internal.process.FrameTypes;
import dev.mp4j.internal.process.ProcessEngine;
import dev.mp4j.internal.queue.ItemCodec;
import dev.mp4j.internal.queue.RingTamper;
import dev.mp4j.internal.queue.SharedRing;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import dev.mp4j.connection.MalformedFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input on every wire: thousands of truncated, oversized, bit-flipped and random frames, made
 * by a seeded {@link Fuzz}, against the frame layer and the four endpoints that read from peers:
 * the worker (the engine's control socket and a pool worker JVM), the pipe, the queue and the
 * manager server. Each bad input is refused with an error naming the problem, no endpoint crashes
 * (a server keeps serving; a worker fed a broken stream by its own parent stops with status 2, as
 * it must, and the pool replaces it), and a length over the limit is refused before allocation.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WireFuzzTest {
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private final Fuzz fuzz = new Fuzz();

    // ---- the frame layer every socket endpoint reads through

    @Test
    void theFrameLayerRefusesEveryMalformedStreamAndNeverReturnsMoreThanTheLimit() throws IOException {
        int limit = 64 * 1024;
        byte[] valid = Codec.standard().encode(ValueList.wrap(List.of(1, "two", 3L, new byte[] {4}, 5.0)));
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            Fuzz.Kind kind = fuzz.kind();
            FrameChannel channel = new FrameChannel(new BytesChannel(fuzz.mutateFrame(7, valid, kind, limit)), limit);
            while (true) {
                try {
                    FrameChannel.Frame frame = channel.receive();
                    assertThat(frame.payload().length).as(fuzz.at(i, kind)).isLessThanOrEqualTo(limit);
                    try {
                        Codec.standard().decode(frame.payload());
                    } catch (SerializationException rejected) {
                        assertThat(rejected.getMessage()).as(fuzz.at(i, kind)).isNotBlank();
                    }
                } catch (EOFException end) {
                    break;
                } catch (MalformedFrameException rejected) {
                    assertThat(rejected.getMessage()).as(fuzz.at(i, kind)).containsAnyOf("limit", "inside a frame");
                    assertThat(channel.isOpen()).as(fuzz.at(i, kind)).isFalse();
                    refused++;
                    break;
                }
            }
        }
        assertThat(refused).as("malformed frames refused").isGreaterThan(1000);
    }

    @Test
    void aLengthOverTheLimitIsRefusedFromTheHeaderBeforeAnyPayloadIsReadOrAllocated() {
        int limit = 1024;
        for (int length : new int[] {limit + 1, 64 * 1024 * 1024, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            ByteBuffer header = ByteBuffer.allocate(Fuzz.HEADER).putInt(length).put((byte) 1).flip();
            FrameChannel channel = new FrameChannel(new HeaderThenStall(header), limit);
            assertThatThrownBy(channel::receive).as("announced length %d", length)
                    .isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("announces " + length + " bytes")
                    .hasMessageContaining("refused before allocation");
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @Test
    void aTinyPayloadCannotMakeADecoderAllocateOrRecurseWithoutBound() throws IOException {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(raw)) {
            out.writeObject(new long[] {0x1122334455667788L});
        }
        byte[] stream = raw.toByteArray();
        int marker = indexOf(stream, new byte[] {0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44});
        ByteBuffer.wrap(stream).putInt(marker, 200_000_000); // a 1.6 GB array announced by a 60-byte stream
        byte[] bomb = ByteBuffer.allocate(5 + stream.length).put((byte) 9).putInt(stream.length).put(stream).array();
        assertThatThrownBy(() -> Codec.standard().decode(bomb)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("array of 200000000 elements").hasMessageContaining("refused before allocation");

        ByteBuffer nested = ByteBuffer.allocate(5 * 100_000 + 1);
        for (int i = 0; i < 100_000; i++) {
            nested.put((byte) 8).putInt(1);
        }
        byte[] deep = nested.put((byte) 0).array();
        assertThatThrownBy(() -> Codec.standard().decode(deep)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("nested deeper than");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }

    // ---- worker endpoint: the engine's control socket (strangers) and a pool worker JVM (its parent)

    @Test
    void theControlSocketRefusesGarbageFromStrangersAndKeepsStartingChildren() throws Exception {
        Path socket = ProcessEngine.get().socketPath();
        for (int i = 0; i < 300; i++) {
            Fuzz.Kind kind = fuzz.kind();
            byte[] bytes = fuzz.mutateFrame(Handshake.RESPONSE, fuzz.randomBytes(32), kind, 256);
            long answered = sendAndDrain(socket, bytes);
            assertThat(answered).as("%s: the engine sent only its challenge (and maybe FAILURE) before closing",
                    fuzz.at(i, kind)).isLessThanOrEqualTo(Fuzz.HEADER + 32 + Fuzz.HEADER);
        }
        Process p = Process.of(() -> { });
        p.start();
        p.join();
        assertThat(p.exitCode()).hasValue(0);
    }

    @Test
    void aPoolWorkerAnswersEveryMalformedTaskWithAFailureAndStaysUp() throws Exception {
        ChildJvm child = ProcessEngine.get().acquire(List.of());
        try {
            FrameChannel channel = startPoolWorker(child);
            int failed = 0;
            for (int i = 0; i < 1500; i++) {
                Fuzz.Kind kind = fuzz.payloadKind();
                byte[] task = PoolWire.mapTask(i, 1, List.of(i, "item " + i, (long) i, List.of(i)));
                // the 13-byte task header (job id, function id, kind) stays intact so that the reply can name the job
                channel.send(PoolWire.TASK, fuzz.mutatePayloadAfter(task, 13, kind));
                FrameChannel.Frame reply = channel.receive();
                assertThat(reply.type()).as(fuzz.at(i, kind)).isEqualTo(PoolWire.RESULT);
                PoolWire.Result result = PoolWire.result(reply.payload());
                assertThat(result.jobId()).as(fuzz.at(i, kind)).isEqualTo(i);
                if (result.status() == PoolWire.FAILED) {
                    assertThat((String) result.value()).as(fuzz.at(i, kind)).matches("(?s)[\\w.$]+: .+");
                    failed++;
                }
            }
            assertThat(failed).as("malformed task items answered with a failure").isGreaterThan(500);
            channel.send(PoolWire.TASK, PoolWire.mapTask(-1, 1, List.of(41)));
            assertThat(PoolWire.result(channel.receive().payload()).value()).isEqualTo(List.of(41));
        } finally {
            child.kill();
        }
    }

    @Test
    void aPoolWorkerFedABrokenStreamByItsParentStopsWithStatus2() throws Exception {
        byte[] task = PoolWire.mapTask(1, 1, List.of(1));
        byte[] badKind = task.clone();
        badKind[12] = 9;
        List<byte[]> fatal = List.of(
                Fuzz.frame(PoolWire.TASK, new byte[] {0, 0, 0}),                        // header truncated
                Fuzz.frame(PoolWire.TASK, badKind),                                     // no such task kind
                Fuzz.frame(0x7f, task),                                                 // unknown frame type
                Fuzz.frame(PoolWire.FUNCTION, fuzz.randomBytes(40)),                    // garbage function
                ByteBuffer.allocate(Fuzz.HEADER).putInt(Integer.MAX_VALUE).put((byte) PoolWire.TASK).array(), // oversized
                java.util.Arrays.copyOf(Fuzz.frame(PoolWire.TASK, task), 9));           // cut mid-frame, then closed
        for (int i = 0; i < fatal.size(); i++) {
            ChildJvm child = ProcessEngine.get().acquire(List.of());
            try {
                FrameChannel channel = startPoolWorker(child);
                channel.sendRaw(fatal.get(i), fatal.get(i).length);
                if (i == fatal.size() - 1) {
                    channel.shutdownOutput();
                }
                assertThat(child.waitFor(Duration.ofSeconds(30))).as("fatal frame %d: the worker stops", i).isTrue();
                assertThat(child.process().exitValue()).as("fatal frame %d: bootstrap/stream failure status", i).isEqualTo(2);
                channel.close();
            } finally {
                child.kill();
            }
        }
    }

    private static FrameChannel startPoolWorker(ChildJvm child) throws IOException {
        child.sendRole(FrameTypes.POOL_WORKER, PoolWire.init("fuzzed-worker"));
        FrameChannel channel = child.channel(CONNECT);
        assertThat(channel.receive().type()).isEqualTo(PoolWire.INIT_OK);
        channel.send(PoolWire.FUNCTION, PoolWire.function(1, (SerializableFunction<Object, Object>) x -> x));
        return channel;
    }

    // ---- pipe

    @Test
    void aPipeRejectsMalformedMessagesWithACodecErrorAndKeepsWorking() throws Exception {
        Pipe pipe = Pipe.create(false);
        try {
            byte[] valid = Codec.standard().encode(new ArrayList<>(List.of(1, "two", Map.of("k", 3L))));
            int rejected = 0;
            for (int i = 0; i < 3000; i++) {
                Fuzz.Kind kind = fuzz.payloadKind();
                pipe.second().sendBytes(fuzz.mutatePayload(valid, kind));
                try {
                    pipe.first().recv();
                } catch (SerializationException e) {
                    assertThat(e.getMessage()).as(fuzz.at(i, kind)).containsAnyOf("malformed", "unknown tag", "deseriali",
                            "allow-list", "deny-list");
                    rejected++;
                }
            }
            assertThat(rejected).isGreaterThan(1000);
            pipe.second().send("still works");
            assertThat(pipe.first().recv()).isEqualTo("still works");
        } finally {
            pipe.first().close();
            pipe.second().close();
        }
    }

    @Test
    void aPipeRefusesALyingMessageHeaderBeforeAllocating() throws Exception {
        for (int length : new int[] {-1, Integer.MIN_VALUE, FrameChannel.DEFAULT_MAX_FRAME_BYTES + 1, Integer.MAX_VALUE}) {
            Pipe pipe = Pipe.create(false);
            try {
                PipeTamper.forgeHeader(pipe.second(), length);
                assertThatThrownBy(() -> pipe.first().recvBytes()).as("announced length %d", length)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("announces " + length + " bytes")
                        .hasMessageContaining("refused before allocation");
            } finally {
                pipe.first().close();
                pipe.second().close();
            }
        }
    }

    // ---- queue

    @Test
    void aQueueRejectsMalformedItemsWithACodecErrorAndKeepsWorking() throws Exception {
        SharedRing ring = SharedRing.create(0, 64 * 1024);
        byte[] valid = Codec.standard().encode(new ArrayList<>(List.of(1, "two", Map.of("k", 3L))));
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            Fuzz.Kind kind = fuzz.payloadKind();
            byte[] item = fuzz.mutatePayload(valid, kind);
            byte[] record = new byte[4 + item.length];
            System.arraycopy(item, 0, record, 4, item.length);
            assertThat(ring.put(record, record.length, false, Deadline.never())).isTrue();
            byte[] taken = ring.take(Deadline.never());
            assertThat(taken).as(fuzz.at(i, kind)).isEqualTo(item);
            try {
                ItemCodec.decode(taken);
            } catch (SerializationException e) {
                assertThat(e.getMessage()).as(fuzz.at(i, kind)).isNotBlank();
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1000);
        assertThat(ring.size()).isZero();
    }

    @Test
    void aQueueRefusesALyingRecordLengthBeforeAllocating() throws Exception {
        for (int length : new int[] {-1, Integer.MIN_VALUE, 64 * 1024, Integer.MAX_VALUE}) {
            SharedRing ring = SharedRing.create(0, 64 * 1024);
            byte[] record = ItemCodec.encode("victim").toByteArray();
            ring.put(record, record.length, false, Deadline.never());
            RingTamper.forgeOldestLength(ring.name(), length);
            assertThatThrownBy(() -> ring.take(Deadline.never())).as("announced length %d", length)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is corrupt")
                    .hasMessageContaining("announces " + length + " bytes")
                    .hasMessageContaining("refused before allocation");
        }
    }

    // ---- manager

    @Test
    void theManagerServerAnswersOrDropsEveryMalformedRequestAndKeepsServing() throws Exception {
        byte[] key = Handshake.newKey();
        Path socket = RunDirectory.path().resolve("fuzz-manager-" + RunDirectory.randomToken(4) + ".sock");
        try (ManagerServerCore server = new ManagerServerCore(Address.unix(socket), key, "fuzz", Map.of()).start()) {
            for (int i = 0; i < 300; i++) {
                Fuzz.Kind kind = fuzz.kind();
                byte[] bytes = fuzz.mutateFrame(Handshake.RESPONSE, fuzz.randomBytes(32), kind, 256);
                assertThat(sendAndDrain(socket, bytes)).as("%s: a stranger gets nothing but the challenge", fuzz.at(i, kind))
                        .isLessThanOrEqualTo(Fuzz.HEADER + 32 + Fuzz.HEADER);
            }
            List<byte[]> requests = List.of(ManagerWire.managerRequest("pid"), ManagerWire.managerRequest("objectCount"),
                    ManagerWire.managerRequest("create", "dict", new Object[0]), ManagerWire.managerRequest("decref", 1L, 1));
            FrameChannel client = authenticated(socket, key);
            int errors = 0;
            for (int i = 0; i < 2000; i++) {
                Fuzz.Kind kind = fuzz.payloadKind();
                client.send(ManagerWire.REQUEST, fuzz.mutatePayload(requests.get(i % requests.size()), kind));
                FrameChannel.Frame reply = client.receive();
                assertThat(reply.type()).as(fuzz.at(i, kind)).isIn(ManagerWire.RESULT, ManagerWire.ERROR);
                if (reply.type() == ManagerWire.ERROR) {
                    assertThat(ManagerWire.errorText(reply.payload())).as(fuzz.at(i, kind)).matches("(?s)[\\w.$]+: .+");
                    errors++;
                }
            }
            assertThat(errors).isGreaterThan(1000);
            for (int i = 0; i < 300; i++) {
                Fuzz.Kind kind = fuzz.kind();
                byte[] bytes = fuzz.mutateFrame(ManagerWire.REQUEST, requests.get(i % requests.size()), kind,
                        FrameChannel.DEFAULT_MAX_FRAME_BYTES);
                try (FrameChannel peer = authenticated(socket, key)) {
                    peer.sendRaw(bytes, bytes.length);
                    peer.shutdownOutput();
                    drainFrames(peer);
                }
            }
            try (FrameChannel peer = authenticated(socket, key)) {
                byte[] header = ByteBuffer.allocate(Fuzz.HEADER).putInt(Integer.MAX_VALUE).put((byte) ManagerWire.REQUEST).array();
                peer.sendRaw(header, header.length);
                assertThatThrownBy(peer::receive).as("closed at once, not after reading 2 GiB").isInstanceOf(EOFException.class);
            }
            assertThat(server.isRunning()).isTrue();
            client.send(ManagerWire.REQUEST, ManagerWire.managerRequest("pid"));
            FrameChannel.Frame reply = client.receive();
            assertThat(reply.type()).isEqualTo(ManagerWire.RESULT);
            assertThat(Codec.standard().decode(reply.payload())).isEqualTo(ProcessHandle.current().pid());
            client.close();
        }
    }

    static FrameChannel authenticated(Path socket, byte[] key) throws IOException {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
        s.connect(UnixDomainSocketAddress.of(socket));
        FrameChannel channel = new FrameChannel(s);
        Handshake.connect(channel, key);
        channel.send(ManagerWire.HELLO, ManagerWire.hello("fuzzer"));
        assertThat(channel.receive().type()).isEqualTo(ManagerWire.HELLO);
        return channel;
    }

    private static void drainFrames(FrameChannel peer) throws IOException {
        while (true) {
            try {
                FrameChannel.Frame frame = peer.receive();
                assertThat(frame.type()).isIn(ManagerWire.RESULT, ManagerWire.ERROR);
            } catch (EOFException | MalformedFrameException closed) {
                return;
            }
        }
    }

    /** Writes {@code bytes} to a fresh connection, closes its output, reads until the server closes; returns what it sent. */
    static long sendAndDrain(Path socket, byte[] bytes) throws IOException {
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.connect(UnixDomainSocketAddress.of(socket));
            try {
                s.write(ByteBuffer.wrap(bytes));
                s.shutdownOutput();
            } catch (IOException closedAlready) {
                // the server may close before reading everything
            }
            ByteBuffer sink = ByteBuffer.allocate(4096);
            long total = 0;
            try {
                int n;
                while ((n = s.read(sink.clear())) >= 0) {
                    total += n;
                }
            } catch (IOException reset) {
                // a reset is a close too
            }
            return total;
        }
    }

    /** An in-memory byte source. */
    static final class BytesChannel implements ByteChannel {
        private final ByteBuffer data;
        private boolean open = true;

        BytesChannel(byte[] bytes) {
            data = ByteBuffer.wrap(bytes);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!data.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.remaining());
            dst.put(dst.position(), data, data.position(), n).position(dst.position() + n);
            data.position(data.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** Delivers one frame header, then fails the test if the receiver reads on. */
    static final class HeaderThenStall implements ByteChannel {
        private final ByteBuffer header;
        private boolean open = true;

        HeaderThenStall(ByteBuffer header) {
            this.header = header;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!header.hasRemaining()) {
                throw new AssertionError("the receiver read past a header it should have refused");
            }
            int n = header.remaining();
            dst.put(header);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
