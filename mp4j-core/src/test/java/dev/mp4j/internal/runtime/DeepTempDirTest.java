package dev.mp4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
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
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + deep,
                "-cp", System.getProperty("java.class.path"), DeepTempDirCheck.class.getName())
                .redirectErrorStream(true);
        builder.environment().remove("XDG_RUNTIME_DIR");
        java.lang.Process program = builder.start();
        try {
            boolean exited = program.waitFor(120, TimeUnit.SECONDS);
            String output = exited ? new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "(still running)";
            assertThat(exited).as(output).isTrue();
            assertThat(program.exitValue()).as(output).isZero();
            assertThat(output).contains("run directory /tmp/mp4j-", "manager dict from a child", "listener received hello",
                    "queue from a child");
        } finally {
            List<ProcessHandle> children = program.descendants().toList();
            program.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            program.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
