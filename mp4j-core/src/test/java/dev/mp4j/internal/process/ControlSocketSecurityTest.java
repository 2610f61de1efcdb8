package dev.mp4j.internal.process;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Process;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control socket refuses strangers before decoding anything, and keeps serving children. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlSocketSecurityTest {

    private static SocketChannel connect() throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(ProcessEngine.get().socketPath()));
        return socket;
    }

    private static void engineStillWorks() throws InterruptedException {
        Process p = Process.of(() -> { });
        p.start();
        p.join();
        assertThat(p.exitCode()).hasValue(0);
    }

    @Test
    void wrongAuthkeyIsRefusedAndTheEngineKeepsWorking() throws Exception {
        try (FrameChannel channel = new FrameChannel(connect())) {
            assertThatThrownBy(() -> Handshake.connect(channel, Handshake.newKey()))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageNotContaining(java.util.HexFormat.of().formatHex(Handshake.newKey()).substring(0, 8));
        }
        engineStillWorks();
    }

    @Test
    void hugeFrameHeaderFromAStrangerIsRefusedBeforeAllocation() throws Exception {
        try (SocketChannel socket = connect()) {
            ByteBuffer header = ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 1).flip();
            socket.write(header);
            ByteBuffer reply = ByteBuffer.allocate(512);
            int total = 0;
            int n;
            while ((n = socket.read(reply)) > 0) {
                total += n;
            }
            assertThat(n).as("the engine closes the connection").isEqualTo(-1);
            assertThat(total).as("only its 32-byte challenge frame was sent").isLessThanOrEqualTo(5 + 32);
        }
        engineStillWorks();
    }

    @Test
    void aChildSlowToAnswerTheChallengeIsStillAdmitted() throws Exception {
        var field = ProcessEngine.class.getDeclaredField("authkey");
        field.setAccessible(true);
        byte[] authkey = (byte[]) field.get(ProcessEngine.get());
        try (FrameChannel channel = new FrameChannel(connect())) {
            Thread.sleep(12_000); // a CPU-starved child: silent for longer than the former 10 s bound
            Handshake.connect(channel, authkey); // throws if the engine has closed the connection meanwhile
        }
        engineStillWorks();
    }

    @Test
    void runDirectoryIsPrivate() throws Exception {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ProcessEngine.get().socketPath().getParent());
        assertThat(permissions).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
    }
}
