package dev.mp4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program whose {@code java.io.tmpdir} is deeper than a Unix socket's path allows (a build
 * sandbox, a CI workspace): its managers and listeners work, their sockets in a run directory under
 * /tmp. They failed with "Unix domain path too long".
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeepTempDirTest {
    @TempDir
    Path base;

    @Test
    void managersListenersAndQueuesWorkWhenTheTempDirectoryIsTooDeepForASocket() throws Exception {
        Path deep = Files.createDirectories(base.resolve("d".repeat(110)));
        String output = dev.mp4j.testing.JavaProgram.run(DeepTempDirCheck.class, List.of("-Djava.io.tmpdir=" + deep),
                java.util.Collections.singletonMap("XDG_RUNTIME_DIR", null));
        assertThat(output).contains("run directory /tmp/mp4j-", "manager dict from a child", "listener received hello",
                "queue from a child");
    }
}
