package dev.mp4j.shm;

import dev.mp4j.Process;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.sync.Children;
import dev.mp4j.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedMemoryTest {

    @Test
    void anotherInstanceOpensTheBlockByNameAndSeesItsBytes() {
        try (SharedMemory created = SharedMemory.create(100)) {
            created.buffer().put(0, (byte) 42);
            try (SharedMemory opened = SharedMemory.open(created.name())) {
                assertThat(opened.size()).isEqualTo(100);
                assertThat(opened.isOwner()).isFalse();
                assertThat(opened.buffer().get(0)).isEqualTo((byte) 42);
            }
        }
    }

    @Test
    void theFileIsPrivateToItsUserAndRemovedWhenTheOwnerCloses() throws Exception {
        SharedMemory memory = SharedMemory.create(8);
        Path file = SharedSegment.directory().resolve(memory.name());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        memory.close();
        assertThat(file).doesNotExist();
        assertThatThrownBy(memory::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> SharedMemory.open(memory.name()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no shared memory segment named");
    }

    @Test
    void badNamesAndSizesAndTakenNamesAreRejected() {
        assertThatThrownBy(() -> SharedMemory.create("../etc", 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid shared memory name");
        assertThatThrownBy(() -> SharedMemory.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        String name = SharedSegment.generateName();
        try (SharedMemory first = SharedMemory.create(name, 8)) {
            assertThatThrownBy(() -> SharedMemory.create(name, 8)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already exists");
            assertThat(first.name()).isEqualTo(name);
        }
    }

    @Test
    void aChildProcessWritesWhatTheParentReads() throws InterruptedException {
        try (SharedMemory memory = SharedMemory.create(64); Children children = new Children()) {
            children.start(() -> memory.segment().set(ValueLayout.JAVA_LONG, 8, 123456789L));
            children.joinAllSucceeded(Duration.ofSeconds(30));
            assertThat(memory.segment().get(ValueLayout.JAVA_LONG, 8)).isEqualTo(123456789L);
        }
    }

    @Test
    void segmentsOfAKilledOwnerAreRemoved() throws Exception {
        try (Children children = new Children()) {
            Process owner = children.start(() -> {
                SharedMemory memory = SharedMemory.create(4096);
                Lock lock = Lock.create();
                lock.lock();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                memory.close();
            });
            String prefix = SharedSegment.PREFIX + owner.pid() + "-";
            await().atMost(Duration.ofSeconds(30)).until(() -> segmentsStartingWith(prefix) >= 2);
            owner.kill();
            assertThat(owner.join(Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> segmentsStartingWith(prefix) == 0);
        }
    }

    private static long segmentsStartingWith(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(SharedSegment.directory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        }
    }
}
