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

    @Test
    void deletingATreeThatIsGoneAlreadyIsNoError(@TempDir Path base) {
        assertThatCode(() -> RunDirectory.deleteTree(base.resolve("never-made"))).doesNotThrowAnyException();
    }
}
