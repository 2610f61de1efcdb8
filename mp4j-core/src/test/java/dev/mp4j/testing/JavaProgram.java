package dev.mp4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's program in a JVM of its own, on this test run's class path, with the environment and JVM
 * options a test gives it: for what only a fresh JVM shows (its environment, its temp directory,
 * its name resolver). {@link #run} waits a bounded time, asserts that the program ended with status 0,
 * and kills it and its children whatever happened.
 */
public final class JavaProgram {
    private JavaProgram() {
    }

    /**
     * Runs {@code main} and returns its output (stdout and stderr). {@code environment} entries with
     * a null value are removed from the inherited environment.
     */
    public static String run(Class<?> main, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(main, jvmOptions, environment, null);
    }

    /** As {@link #run(Class, List, Map)}, with {@code firstOnClassPath} before this run's class path. */
    public static String run(Class<?> main, List<String> jvmOptions, Map<String, String> environment, Path firstOnClassPath)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", firstOnClassPath == null ? classPath : firstOnClassPath + java.io.File.pathSeparator + classPath,
                main.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        java.lang.Process program = builder.start();
        try {
            boolean exited = program.waitFor(120, TimeUnit.SECONDS);
            String output = exited ? new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    : "(still running after 120 s)";
            assertThat(exited).as("%s ended; output: %s", main.getSimpleName(), output).isTrue();
            assertThat(program.exitValue()).as(output).isZero();
            return output;
        } finally {
            List<ProcessHandle> children = program.descendants().toList();
            program.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            program.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
