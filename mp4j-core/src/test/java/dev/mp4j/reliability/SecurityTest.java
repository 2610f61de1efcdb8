package dev.mp4j.reliability;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Process;
import dev.mp4j.connection.Address;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Listener;
import dev.mp4j.connection.Pipe;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.manager.ManagerServerCore;
import dev.mp4j.internal.manager.ManagerWire;
import dev.mp4j.internal.process.ProcessEngine;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.ManagerServer;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;
import dev.mp4j.shm.SharedMemory;
import dev.mp4j.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Security guarantees: nothing is deserialized before the peer proved it holds the authkey, and then
 * only allow-listed classes; sockets and segments are private to the user; a wrong secret is
 * refused; no secret reaches a log, an error message, a command line or an environment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityTest {

    /** A frame carrying {@code value} the way mp4j encodes objects (JDK serialization behind the codec tag). */
    private static byte[] serializedFrame(int type, Object value) {
        return Fuzz.frame(type, serializedPayload(value));
    }

    private static byte[] serializedPayload(Object value) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(raw)) {
                out.writeObject(value);
            }
            byte[] bytes = raw.toByteArray();
            BytesOutput framed = new BytesOutput(bytes.length + 5);
            framed.writeByte(9);
            framed.writeInt(bytes.length);
            framed.write(bytes, 0, bytes.length);
            return framed.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** By reflection: the test sources do not read java.management or java.desktop at compile time. */
    private static Object instance(String className, Object... arguments) {
        try {
            for (var constructor : Class.forName(className).getConstructors()) {
                if (constructor.getParameterCount() == arguments.length) {
                    return constructor.newInstance(arguments);
                }
            }
            throw new AssertionError("no constructor of " + className);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object gadget() {
        return instance("javax.management.BadAttributeValueExpException", "gadget");
    }

    private static Object unlisted() {
        return instance("java.awt.Point", 1, 2);
    }

    @Test
    void nothingAStrangerSendsIsDeserialized() throws Exception {
        byte[] key = Handshake.newKey();
        Path socket = RunDirectory.path().resolve("security-" + RunDirectory.randomToken(4) + ".sock");
        try (ManagerServerCore server = new ManagerServerCore(Address.unix(socket), key, "security", Map.of()).start();
             Listener listener = Listener.builder().address(Address.unix(RunDirectory.path().resolve(
                     "listener-" + RunDirectory.randomToken(4) + ".sock"))).authkey(key).bind()) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread accepting = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Connection stranger = listener.accept()) {
                        accepted.incrementAndGet();
                        stranger.close();
                    } catch (java.io.IOException | AuthenticationException refused) {
                        // expected: the stranger fails the challenge
                    }
                }
            });
            int before = Canary.DESERIALIZED.get();
            byte[] canary = serializedFrame(Handshake.RESPONSE, new Canary());
            byte[] canaryRequest = Fuzz.frame(ManagerWire.REQUEST, ManagerWire.requestWithRawArgument("pid",
                    serializedPayload(new Canary())));
            for (Path endpoint : List.of(ProcessEngine.get().socketPath(), socket, Path.of(listener.address().unixPath()))) {
                WireFuzzTest.sendAndDrain(endpoint, canary);
                WireFuzzTest.sendAndDrain(endpoint, canaryRequest);
            }
            assertThat(accepting.join(Duration.ofSeconds(30))).isTrue();
            assertThat(accepted.get()).as("strangers accepted by the listener").isZero();
            assertThat(Canary.DESERIALIZED.get()).as("objects decoded from unauthenticated peers").isEqualTo(before);

            // the detector works: the same object from an authenticated client is decoded
            try (FrameChannel client = WireFuzzTest.authenticated(socket, key)) {
                client.send(ManagerWire.REQUEST, ManagerWire.requestWithRawArgument("pid", serializedPayload(new Canary())));
                client.receive();
            }
            assertThat(Canary.DESERIALIZED.get()).isEqualTo(before + 1);
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void afterAuthenticationAGadgetAndAnUnlistedClassAreRefusedOnEveryWire() throws Exception {
        byte[] key = Handshake.newKey();
        Path socket = RunDirectory.path().resolve("security-" + RunDirectory.randomToken(4) + ".sock");
        try (ManagerServerCore server = new ManagerServerCore(Address.unix(socket), key, "security", Map.of()).start();
             FrameChannel client = WireFuzzTest.authenticated(socket, key)) {
            client.send(ManagerWire.REQUEST, ManagerWire.requestWithRawArgument("pid", serializedPayload(gadget())));
            FrameChannel.Frame reply = client.receive();
            assertThat(reply.type()).isEqualTo(ManagerWire.ERROR);
            assertThat(ManagerWire.errorText(reply.payload()))
                    .contains("javax.management.BadAttributeValueExpException is on mp4j's deserialization deny-list");
            client.send(ManagerWire.REQUEST, ManagerWire.requestWithRawArgument("pid", serializedPayload(unlisted())));
            reply = client.receive();
            assertThat(reply.type()).isEqualTo(ManagerWire.ERROR);
            assertThat(ManagerWire.errorText(reply.payload()))
                    .contains("java.awt.Point is a JDK class outside the packages mp4j decodes by default");
            assertThat(server.isRunning()).isTrue();
        }

        Pipe pipe = Pipe.create(false);
        try {
            pipe.second().sendBytes(serializedPayload(gadget()));
            assertThatThrownBy(() -> pipe.first().recv()).isInstanceOf(SerializationException.class).hasMessageContaining("deny-list");
            pipe.second().sendBytes(serializedPayload(unlisted()));
            assertThatThrownBy(() -> pipe.first().recv()).isInstanceOf(SerializationException.class).hasMessageContaining("outside the packages mp4j decodes by default");
        } finally {
            pipe.first().close();
            pipe.second().close();
        }

        // a pool worker is a peer too: a result of a refused class fails the task, not the parent
        try (Pool pool = Pool.create(1)) {
            assertThatThrownBy(() -> pool.applyAsync(SecurityTest::gadget).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .hasMessageContaining("cannot decode the result from worker")
                    .hasMessageContaining("deny-list");
            assertThat(pool.apply(() -> "still serving")).isEqualTo("still serving");
        }
    }

    @Test
    void theRunDirectoryAndEverySegmentArePrivateToTheUser() throws Exception {
        long self = ProcessHandle.current().pid();
        Set<Path> before = segmentsOf(self);
        Queue<String> queue = Queue.create();
        Pipe pipe = Pipe.create();
        Lock lock = Lock.create();
        SharedMemory memory = SharedMemory.create(64);
        try {
            Set<Path> created = segmentsOf(self);
            created.removeAll(before);
            assertThat(created).as("a queue, a pipe, a lock and a raw block").hasSizeGreaterThanOrEqualTo(4);
            for (Path segment : created) {
                // a queue's directory for items stored out of line is private too
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).as(segment.toString())
                        .isEqualTo(Files.isDirectory(segment) ? "rwx------" : "rw-------");
            }
            Path runDirectory = RunDirectory.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDirectory))).isEqualTo("rwx------");
            assertThat(ProcessEngine.get().socketPath().getParent()).isEqualTo(runDirectory);
        } finally {
            memory.close();
            queue.close();
            pipe.first().close();
            pipe.second().close();
            assertThat(lock).isNotNull();
        }
    }

    private static Set<Path> segmentsOf(long pid) throws Exception {
        try (Stream<Path> files = Files.list(SharedSegment.directory())) {
            return new HashSet<>(files.filter(f -> f.getFileName().toString().startsWith(SharedSegment.PREFIX + pid + "-")).toList());
        }
    }

    @Test
    void aRemoteManagerRefusesAWrongSecretWithoutNamingEitherKey() throws Exception {
        byte[] key = Listener.randomAuthkey();
        byte[] wrong = Listener.randomAuthkey();
        try (ManagerServer server = Manager.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).serve()) {
            assertThatThrownBy(() -> Manager.connect(server.address(), wrong))
                    .isInstanceOf(AuthenticationException.class)
                    .satisfies(e -> assertNoSecret(stackText(e), key, wrong));
            try (Manager right = Manager.connect(server.address(), key)) {
                assertThat(right.serverPid()).isEqualTo(ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void noSecretReachesALogAChildsCommandLineOrItsEnvironment() throws Exception {
        var field = ProcessEngine.class.getDeclaredField("authkey");
        field.setAccessible(true);
        byte[] engineKey = (byte[]) field.get(ProcessEngine.get());
        byte[] managerKey = Listener.randomAuthkey();
        byte[] wrong = Listener.randomAuthkey();

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ManagerServer server = Manager.builder().address(Address.tcp("127.0.0.1", 0)).authkey(managerKey).serve()) {
            assertThatThrownBy(() -> Manager.connect(server.address(), wrong)).isInstanceOf(AuthenticationException.class);
            try (FrameChannel stranger = new FrameChannel(java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(ProcessEngine.get().socketPath())))) {
                assertThatThrownBy(() -> Handshake.connect(stranger, wrong)).isInstanceOf(AuthenticationException.class);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                String text = captured.toString(StandardCharsets.UTF_8);
                return text.contains("manager server") && text.contains("refused a connection on the control socket");
            });
        } finally {
            System.setErr(original);
        }
        assertNoSecret(captured.toString(StandardCharsets.UTF_8), engineKey, managerKey, wrong);

        Process child = Process.of(() -> java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMinutes(5).toNanos()));
        child.start();
        try {
            String commandLine = ProcessHandle.of(child.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).as("the child's command line is readable").contains("java");
            assertNoSecret(commandLine, engineKey);
            String environment = Files.readString(Path.of("/proc", Long.toString(child.pid()), "environ"), StandardCharsets.ISO_8859_1);
            assertNoSecret(environment, engineKey);
        } finally {
            child.kill();
            child.join(Duration.ofSeconds(30));
        }
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static void assertNoSecret(String text, byte[]... keys) {
        for (byte[] key : keys) {
            assertThat(text).doesNotContainIgnoringCase(HexFormat.of().formatHex(key))
                    .doesNotContain(Base64.getEncoder().encodeToString(key))
                    .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));
        }
    }
}
