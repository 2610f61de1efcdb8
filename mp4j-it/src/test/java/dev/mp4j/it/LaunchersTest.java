package dev.mp4j.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mp4j as a user's dependency: {@code examples/consumer-maven}, built against the mp4j-core
 * artifact installed in the local repository, run under every common launcher. Each run maps a
 * lambda and a method reference over the application's own records on a process Pool, passes a
 * record through a Queue, a Pipe and a Manager dict, with no system property, and prints the pids
 * of the child JVMs it used, which must all be gone once it exits.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LaunchersTest {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern OK = Pattern.compile("CONSUMER OK (\\S+) pids=([0-9,]*)");
    private static Path project;
    private static Path modular;
    private static String classPath;
    private static String modulePath;
    private static Path java;

    @BeforeAll
    static void buildTheConsumerProjects() throws Exception {
        Path work = Path.of(System.getProperty("mp4j.it.work"));
        Path examples = Path.of(System.getProperty("mp4j.it.consumer")).getParent();
        deleteTree(work);
        project = work.resolve("consumer-maven");
        modular = work.resolve("consumer-modular");
        copyTree(examples.resolve("consumer-maven"), project);
        copyTree(examples.resolve("consumer-modular"), modular);
        java = Path.of(System.getProperty("java.home"), "bin", "java");
        Result build = maven(project, List.of("package", "-DskipTests",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + project.resolve("target/classpath.txt")), Duration.ofMinutes(8));
        assertThat(build.status()).as("consumer build:\n%s", build.output()).isZero();
        classPath = project.resolve("target/classes") + File.pathSeparator
                + Files.readString(project.resolve("target/classpath.txt")).strip();
        Result modularBuild = maven(modular, List.of("package", "-DskipTests",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + modular.resolve("target/modulepath.txt")), Duration.ofMinutes(8));
        assertThat(modularBuild.status()).as("modular consumer build:\n%s", modularBuild.output()).isZero();
        modulePath = modular.resolve("target/mp4j-consumer-modular-1.0.jar") + File.pathSeparator
                + Files.readString(modular.resolve("target/modulepath.txt")).strip();
    }

    @Test
    void javaClassPath() throws Exception {
        expectOk("java-cp", run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "com.example.orders.Main", "java-cp")));
    }

    /**
     * An application that pins SLF4J 1.7 (Maven takes the nearest version, so its own
     * {@code slf4j-api} 1.7.36 wins over mp4j's 2.x): mp4j must work and log through it.
     */
    @Test
    void javaClassPathWithTheApplicationsOwnSlf4j17() throws Exception {
        Path jars = project.resolve("target/slf4j-1.7");
        for (String artifact : List.of("slf4j-api", "slf4j-simple")) {
            Result copy = maven(List.of("org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                    "-Dartifact=org.slf4j:" + artifact + ":1.7.36", "-DoutputDirectory=" + jars), Duration.ofMinutes(3));
            assertThat(copy.status()).as("fetching %s 1.7.36:\n%s", artifact, copy.output()).isZero();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("slf4j-")) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("the class path without SLF4J 2").hasSizeLessThan(classPath.split(File.pathSeparator).length);
        entries.add(jars.resolve("slf4j-api-1.7.36.jar").toString());
        entries.add(jars.resolve("slf4j-simple-1.7.36.jar").toString());
        Result result = run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, entries), "com.example.orders.Main", "slf4j-1.7"));
        expectOk("slf4j-1.7", result);
        assertThat(result.output()).as("the record logged through SLF4J 1.7's simple binding")
                .contains("INFO dev.mp4j - mp4j consumer: 3 orders checked");
    }

    @Test
    void mavenExecJava() throws Exception {
        expectOk("exec-java", maven(List.of("exec:java", "-Dexec.args=exec-java"), RUN_TIMEOUT));
    }

    @Test
    void mavenExecExec() throws Exception {
        expectOk("exec-exec", maven(List.of("exec:exec", "-Dexec.executable=" + java,
                "-Dexec.args=--enable-native-access=ALL-UNNAMED -cp %classpath com.example.orders.Main exec-exec"), RUN_TIMEOUT));
    }

    @Test
    void shadedJar() throws Exception {
        // no --enable-native-access: the jar's manifest carries Enable-Native-Access
        expectOk("shaded", run(List.of(java.toString(), "-jar",
                project.resolve("target/mp4j-consumer-1.0-shaded.jar").toString(), "shaded")));
    }

    @Test
    void springBootExecutableJar() throws Exception {
        expectOk("spring-boot", run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar",
                project.resolve("target/mp4j-consumer-1.0-boot.jar").toString(), "spring-boot")));
    }

    @Test
    void junitUnderSurefireWithItsManifestOnlyBooterJar() throws Exception {
        expectOk("surefire", maven(List.of("surefire:test"), RUN_TIMEOUT));
    }

    @Test
    void junitUnderSurefireWithAnIsolatedClassLoader() throws Exception {
        expectOk("surefire", maven(List.of("surefire:test", "-Dsurefire.useSystemClassLoader=false"), RUN_TIMEOUT));
    }

    @Test
    void modulePathWithTheApplicationAsANamedModule() throws Exception {
        expectOk("module-path", run(modular, List.of(java.toString(), "--enable-native-access=dev.mp4j", "-p", modulePath,
                "-m", "com.example.modular/com.example.modular.Main", "module-path"), RUN_TIMEOUT));
    }

    @Test
    void junitUnderSurefireOnTheModulePathWithTestsPatchedIntoTheModule() throws Exception {
        expectOk("surefire-module-path", maven(modular, List.of("surefire:test"), RUN_TIMEOUT));
    }

    @Test
    void junitUnderSurefireOnTheClassPathForAModularProject() throws Exception {
        expectOk("surefire-class-path", maven(modular, List.of("surefire:test", "-Dsurefire.useModulePath=false",
                "-Dconsumer.argLine=--enable-native-access=ALL-UNNAMED -Dconsumer.launcher=surefire-class-path"), RUN_TIMEOUT));
    }

    @Test
    void jshellScript() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Result result = run(List.of(jshell.toString(), "-R--enable-native-access=ALL-UNNAMED", "--class-path", classPath,
                project.resolve("jshell/check.jsh").toString()));
        expectOk("jshell-snippets", result);
        expectOk("jshell", result);
    }

    @Test
    void singleFileSourceLauncher() throws Exception {
        expectOk("single-file", run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                project.resolve("single-file/SingleFile.java").toString())));
    }

    private static void expectOk(String launcher, Result result) {
        assertThat(result.status()).as("%s exit status; output:\n%s", launcher, result.output()).isZero();
        Matcher ok = OK.matcher(result.output());
        List<Long> pids = new ArrayList<>();
        boolean found = false;
        while (ok.find()) {
            if (ok.group(1).equals(launcher)) {
                found = true;
                for (String pid : ok.group(2).split(",")) {
                    if (!pid.isEmpty()) {
                        pids.add(Long.parseLong(pid));
                    }
                }
            }
        }
        assertThat(found).as("'CONSUMER OK %s' in the output:\n%s", launcher, result.output()).isTrue();
        assertThat(pids).as("child pids reported by %s", launcher).isNotEmpty();
        for (long pid : pids) {
            await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }
    }

    record Result(int status, String output) {
    }

    private static Result maven(List<String> goals, Duration timeout) throws Exception {
        return maven(project, goals, timeout);
    }

    private static Result maven(Path directory, List<String> goals, Duration timeout) throws Exception {
        String mavenHome = System.getProperty("mp4j.it.mavenHome");
        Path mvn = mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))
                ? Path.of(mavenHome, "bin", "mvn") : Path.of("mvn");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q",
                "-Dmaven.repo.local=" + System.getProperty("mp4j.it.localRepository"),
                "-Dmp4j.version=" + System.getProperty("mp4j.it.version")));
        command.addAll(goals);
        return run(directory, command, timeout);
    }

    private static Result run(List<String> command) throws Exception {
        return run(project, command, RUN_TIMEOUT);
    }

    /** Runs {@code command} in the consumer project with JDK 25 first on the PATH; kills its whole tree on timeout. */
    private static Result run(Path directory, List<String> command, Duration timeout) throws Exception {
        Path output = Files.createTempFile("mp4j-it-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            String javaHome = System.getProperty("java.home");
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", javaHome + "/bin" + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
            env.remove("JAVA_TOOL_OPTIONS");
            java.lang.Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout + ": " + command + "\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (relative.toString().startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
