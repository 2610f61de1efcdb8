package dev.mp4j.internal.shm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shared memory segment larger than its file system's free space ({@code /dev/shm} is 64 MiB in
 * a container by default) is refused when created, naming the space and the remedy. Created, it
 * faulted on the first write past the space.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedSegmentRoomTest {
    @Test
    void aSegmentLargerThanTheFreeSpaceIsRefusedAndOneThatFitsIsNot(@TempDir Path directory) throws Exception {
        long free = Files.getFileStore(directory).getUsableSpace();
        assertThatThrownBy(() -> SharedSegment.checkRoom(directory, free + (64L << 20)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot create a shared memory segment of " + ((free + (64L << 20)) >> 20) + " MiB in " + directory)
                .hasMessageContaining("MiB free")
                .hasMessageContaining("--shm-size");
        assertThatCode(() -> SharedSegment.checkRoom(directory, 2L << 20)).doesNotThrowAnyException();
    }

    /**
     * End to end, in a JVM whose /dev/shm is an 8 MiB tmpfs (a mount namespace of its own: needs
     * root and unshare; skipped, saying so, where the machine does not allow it).
     */
    @Test
    void sharedMemoryTooLargeForASmallDevShmFailsInCreate(@TempDir Path work) throws Exception {
        Path unshare = Path.of("/usr/bin/unshare");
        Assumptions.assumeTrue(Files.isExecutable(unshare), "no /usr/bin/unshare on this machine");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.lang.Process program = new ProcessBuilder(unshare.toString(), "-m", "sh", "-c",
                "mount -t tmpfs -o size=8m tmpfs /dev/shm || exit 77; exec \"$0\" \"$@\"",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SmallDevShmCheck.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Assumptions.assumeFalse(program.exitValue() == 77 || output.contains("unshare failed") || output.contains("Operation not permitted"),
                    "no mount namespace here (needs root): " + output);
            assertThat(program.exitValue()).as(output).isZero();
            assertThat(output).contains("refused: cannot create a shared memory segment of 32 MiB in /dev/shm: it has 8 MiB free",
                    "a segment of 4 MiB works");
        } finally {
            List<ProcessHandle> children = program.descendants().toList();
            program.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            program.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
