package dev.mp4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs an example's main in its own JVM (this test's class path) and returns its stdout lines. */
final class SeedProgramRunner {
    private SeedProgramRunner() {
    }

    static List<String> run(Class<?> main, Duration timeout) throws IOException, InterruptedException {
        return run(main, timeout, 0.02);
    }

    /** @param sleepScale how much of the seed's sleeping to keep */
    static List<String> run(Class<?> main, Duration timeout, double sleepScale) throws IOException, InterruptedException {
        return run(main, timeout, sleepScale, List.of());
    }

    /** Runs the example with command-line arguments. */
    static List<String> runWithArguments(Class<?> main, Duration timeout, String... arguments)
            throws IOException, InterruptedException {
        return run(main, timeout, 0.02, List.of(arguments));
    }

    /** @param arguments the example's command-line arguments ({@code -Dkey=value} items before them are JVM options) */
    static List<String> run(Class<?> main, Duration timeout, double sleepScale, List<String> arguments)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dmp4j.examples.sleepScale=" + sleepScale));
        arguments.stream().filter(a -> a.startsWith("-D")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        arguments.stream().filter(a -> !a.startsWith("-D")).forEach(command::add);
        java.lang.Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            byte[] out;
            try (var stdout = process.getInputStream()) {
                var future = new java.util.concurrent.CompletableFuture<byte[]>();
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        future.complete(stdout.readAllBytes());
                    } catch (IOException e) {
                        future.completeExceptionally(e);
                    }
                });
                boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(ended).as("%s ended within %s", main.getSimpleName(), timeout).isTrue();
                out = future.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("cannot read the output of " + main.getSimpleName(), e);
            }
            assertThat(process.exitValue()).as("exit code of %s", main.getSimpleName()).isZero();
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
