package dev.mp4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class RunDirectoryTest {
    /**
     * The exit hook deletes the run directory while other exit-time cleanups (a child's named
     * pipes released) delete files in it: a file listed and then gone is no error. The tree walk
     * used to throw UncheckedIOException(NoSuchFileException), printed as an uncaught exception of
     * the thread "mp4j-run-directory-cleanup" on the program's stderr as it exited.
     */
    @Test
    void deletingTheTreeWhileAnotherThreadDeletesFilesInItNeitherFailsNorLeavesAnything(@TempDir Path base) throws Exception {
        for (int round = 0; round < 200; round++) {
            Path dir = Files.createDirectory(base.resolve("run-" + round));
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                files.add(Files.createFile(dir.resolve("pipe-" + i + ".up")));
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (Path file : files.reversed()) {
                        Files.deleteIfExists(file);
                    }
                } catch (InterruptedException | IOException e) {
                    throw new AssertionError(e);
                }
            });
            go.countDown();
            assertThatCode(() -> RunDirectory.deleteTree(dir)).as("round %d", round).doesNotThrowAnyException();
            assertThat(other.join(java.time.Duration.ofSeconds(10))).isTrue();
            RunDirectory.deleteTree(dir); // what the other thread's deletes left behind an empty directory, if anything
            assertThat(dir).as("round %d", round).doesNotExist();
        }
    }

    /**
     * A socket's path must fit the 107 bytes a Unix socket allows: a deep preferred base (a build's
     * java.io.tmpdir) gives way to the first short, writable fallback, as in CPython.
     */
    @Test
    void theRunDirectoryGoesWhereItsSocketsFit(@TempDir Path base) throws IOException {
        String name = "mp4j-4194304-0123abcd";
        Path shallow = Files.createDirectory(base.resolve("s"));
        Path deep = Files.createDirectories(base.resolve("d".repeat(100)));
        Path notWritable = Files.createDirectory(base.resolve("ro"));
        notWritable.toFile().setWritable(false);
        Path missing = base.resolve("missing");
        assertThat(RunDirectory.baseFor(shallow, name, List.of(Path.of("/tmp")))).isEqualTo(shallow);
        assertThat(RunDirectory.baseFor(deep, name, List.of(missing, shallow))).as("the first fallback that exists").isEqualTo(shallow);
        assertThat(RunDirectory.baseFor(deep, name, List.of(deep.resolve("x"), shallow))).as("a fallback too deep itself")
                .isEqualTo(shallow);
        if (!Files.isWritable(notWritable)) { // root writes anywhere
            assertThat(RunDirectory.baseFor(deep, name, List.of(notWritable, shallow))).isEqualTo(shallow);
        }
        assertThat(RunDirectory.baseFor(deep, name, List.of(missing))).as("none fits: the preferred one, and sockets say why")
                .isEqualTo(deep);
        String socket = shallow.resolve(name).resolve("listener-0123456789ab.sock").toString();
        assertThat(socket.length()).as("the test's shallow base is shallow enough").isLessThanOrEqualTo(RunDirectory.MAX_SOCKET_PATH_BYTES);
    }

    @Test
    void deletingATreeThatIsGoneAlreadyIsNoError(@TempDir Path base) {
        assertThatCode(() -> RunDirectory.deleteTree(base.resolve("never-made"))).doesNotThrowAnyException();
    }
}
