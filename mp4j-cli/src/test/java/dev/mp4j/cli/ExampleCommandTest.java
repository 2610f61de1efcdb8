package dev.mp4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mp4j example NAME}, run as the launcher runs it: a JVM whose main ends with System.exit. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExampleCommandTest {
    private record Run(int exitCode, List<String> stdout) {
    }

    private static Run mp4j(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dmp4j.examples.sleepScale=0.1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        java.lang.Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (var in = process.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("mp4j %s ended", String.join(" ", args)).isTrue();
            return new Run(process.exitValue(), stdout.get(10, TimeUnit.SECONDS).lines().toList());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void waitsForTheNonDaemonThreadsTheExampleLeftRunning() throws Exception {
        Run run = mp4j("example", "UnjoinedThreads");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).containsExactly("Bye from the main thread!", "Im still alive!", "Im still alive!");
    }

    @Test
    void unknownExampleIsRefusedWithExitCode2() throws Exception {
        assertThat(mp4j("example", "NoSuchExample").exitCode()).isEqualTo(2);
    }

    @Test
    void listsTheExamplesWithoutAName() throws Exception {
        Run run = mp4j("example");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("UnjoinedThreads", "Coroutines", "ClientMp", "TooMuchState", "HelloWorld");
    }
}
