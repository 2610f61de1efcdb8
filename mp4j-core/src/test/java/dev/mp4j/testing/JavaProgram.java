package dev.mp4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's program in a JVM of its own, with the class path, environment and JVM options a test
 * gives it: for what only a fresh JVM shows (its environment, its temp directory, its name
 * resolver, its command line). {@link #run} waits a bounded time, asserts that the program ended
 * with status 0, and kills it and its children whatever happened.
 */
public final class JavaProgram {
    private JavaProgram() {
    }

    /** This test run's class path. */
    public static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** {@link #run(Class, String, List, Map)} on this test run's class path. */
    public static String run(Class<?> main, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(main, classPath(), jvmOptions, environment);
    }

    /**
     * Runs {@code main} and returns its output (stdout and stderr). A class path longer than one
     * command-line argument may be goes through an argument file, as IDEs pass large projects' class
     * paths. {@code environment} entries with a null value are removed from the inherited environment.
     */
    public static String run(Class<?> main, String classPath, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        Path argumentFile = null;
        if (classPath.length() > 64 * 1024) {
            argumentFile = Files.createTempFile("mp4j-test-classpath-", ".args");
            Files.writeString(argumentFile, "-cp\n\"" + classPath + "\"\n", StandardCharsets.UTF_8);
            command.add("@" + argumentFile);
        } else {
            command.addAll(List.of("-cp", classPath));
        }
        command.add(main.getName());
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
            if (argumentFile != null) {
                Files.deleteIfExists(argumentFile);
            }
        }
    }
}
