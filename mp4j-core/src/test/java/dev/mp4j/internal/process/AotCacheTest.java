package dev.mp4j.internal.process;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT cache of child JVMs: one per JDK and class path, a new one when a jar is rebuilt, only
 * complete files installed; and, end to end, a training child writes a cache that the next child
 * really starts from.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AotCacheTest {
    @TempDir
    Path home;
    private String savedHome;

    @BeforeEach
    void privateHome() {
        savedHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        System.setProperty("user.home", savedHome);
    }

    private Path jar(String name, String entry) throws IOException {
        Path jar = home.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(entry.getBytes());
        }
        return jar;
    }

    @Test
    void aRebuiltJarGetsANewCacheFileForTheSameClassPath() throws Exception {
        Path first = jar("a.jar", "one");
        Path second = jar("b.jar", "two");
        String classPath = first + File.pathSeparator + second;
        Path before = AotCache.of(classPath, "").orElseThrow().file();
        assertThat(AotCache.of(classPath, "").orElseThrow().file()).as("same jars, same cache").isEqualTo(before);

        jar("b.jar", "two, rebuilt");
        Files.setLastModifiedTime(second, FileTime.fromMillis(Files.getLastModifiedTime(second).toMillis() + 5000));
        Path after = AotCache.of(classPath, "").orElseThrow().file();

        assertThat(after).isNotEqualTo(before);
        assertThat(after.getParent()).isEqualTo(home.resolve(".cache/mp4j/aot"));
        String prefix = before.getFileName().toString().substring(0, before.getFileName().toString().lastIndexOf('-'));
        assertThat(after.getFileName().toString()).as("same class path prefix").startsWith(prefix);
    }

    @Test
    void noCacheWithADirectoryOnTheClassPathOrWhenTurnedOff() throws Exception {
        Path jar = jar("a.jar", "one");
        assertThat(AotCache.of(jar + File.pathSeparator + home, "")).isEmpty();
        System.setProperty("mp4j.aotCache", "false");
        try {
            assertThat(AotCache.of(jar.toString(), "")).isEmpty();
        } finally {
            System.clearProperty("mp4j.aotCache");
        }
    }

    @Test
    void onlyACompleteTrainingIsInstalledAndAStartingTrainingRemovesTheOutdatedCache() throws Exception {
        Path jar = jar("a.jar", "one");
        AotCache oldVersion = AotCache.of(jar.toString(), "").orElseThrow();
        Files.writeString(oldVersion.file(), "old cache");
        jar("a.jar", "one, rebuilt");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        AotCache cache = AotCache.of(jar.toString(), "").orElseThrow();
        assertThat(cache.childOptions()).as("nothing to start from yet").isEmpty();
        assertThat(cache.startTraining()).isTrue();
        assertThat(cache.startTraining()).as("one training per engine").isFalse();
        assertThat(oldVersion.file()).as("the cache of the previous jar version is removed").doesNotExist();

        // a JVM that writes half a cache and fails: the wrapper removes it
        Path failed = cache.trainingOutput();
        assertThat(run(cache.trainingCommand(List.of("/bin/sh", "-c", "printf half > \"$1\"; exit 1", "jvm", failed.toString()), failed)))
                .isEqualTo(1);
        assertThat(failed).doesNotExist();
        assertThat(cache.isReady()).isFalse();

        // one that succeeds: the wrapper moves its output into place
        Path output = cache.trainingOutput();
        assertThat(run(cache.trainingCommand(List.of("/bin/sh", "-c", "printf 'a cache' > \"$1\"", "jvm", output.toString()), output)))
                .isZero();
        assertThat(output).doesNotExist();
        assertThat(cache.file()).hasContent("a cache");
        assertThat(cache.childOptions()).contains("-XX:AOTCache=" + cache.file());
    }

    @Test
    void aStartingTrainingKeepsTheMostRecentlyUsedCachesOfOtherClassPathsAndDropsTheUnused() throws Exception {
        Path directory = home.resolve(".cache/mp4j/aot");
        Files.createDirectories(directory);
        long now = System.currentTimeMillis();
        List<Path> others = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // other class paths' caches, used i hours ago
            Path other = directory.resolve("worker-other" + i + "-0000000000000000.aot");
            Files.writeString(other, "cache " + i);
            Files.setLastModifiedTime(other, FileTime.fromMillis(now - TimeUnit.HOURS.toMillis(i)));
            others.add(other);
        }
        Path unused = directory.resolve("worker-unused-0000000000000000.aot");
        Files.writeString(unused, "old");
        Files.setLastModifiedTime(unused, FileTime.fromMillis(now - TimeUnit.DAYS.toMillis(40)));

        AotCache cache = AotCache.of(jar("a.jar", "one").toString(), "").orElseThrow();
        assertThat(cache.startTraining()).isTrue();

        assertThat(unused).as("unused for 40 days").doesNotExist();
        assertThat(others.subList(0, 23)).as("the 23 most recently used, with this class path's, make 24").allMatch(Files::exists);
        assertThat(others.subList(23, 30)).as("the least recently used beyond 24").noneMatch(Files::exists);
    }

    @Test
    void aCacheInUseHasItsAgeRefreshed() throws Exception {
        AotCache cache = AotCache.of(jar("a.jar", "one").toString(), "").orElseThrow();
        Files.createDirectories(cache.file().getParent());
        Files.writeString(cache.file(), "a cache");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(20));
        Files.setLastModifiedTime(cache.file(), old);
        assertThat(cache.childOptions()).contains("-XX:AOTCache=" + cache.file());
        assertThat(Files.getLastModifiedTime(cache.file()).toMillis()).isGreaterThan(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
    }

    /**
     * Programs of one class path started together (a test suite's forked JVMs, a shell loop): one
     * trains, the others start no training of their own while its claim stands; the claim names the
     * training's wrapper while it runs and is gone when it ends, written or failed.
     */
    @Test
    void oneTrainingPerCacheRunsOnTheMachineAtATime() throws Exception {
        Path jar = jar("a.jar", "one");
        AotCache first = AotCache.of(jar.toString(), "").orElseThrow();
        AotCache second = AotCache.of(jar.toString(), "").orElseThrow();
        assertThat(first.startTraining()).isTrue();
        assertThat(first.claimFile()).hasContent(Long.toString(ProcessHandle.current().pid()));
        assertThat(second.startTraining()).as("another program's training runs").isFalse();

        Path failed = first.trainingOutput();
        assertThat(run(first.trainingCommand(List.of("/bin/sh", "-c", "exit 3", "jvm", failed.toString()), failed))).isEqualTo(3);
        assertThat(first.claimFile()).as("a failed training releases its claim").doesNotExist();

        Path output = first.trainingOutput();
        String copyClaim = "cp \"$2\" \"$1\""; // the fake JVM's "cache" is the claim as it reads it
        assertThat(run(first.trainingCommand(List.of("/bin/sh", "-c", copyClaim, "jvm", output.toString(), first.claimFile().toString()),
                output))).isZero();
        String claimedBy = Files.readString(first.file()).trim();
        assertThat(claimedBy).as("the wrapper names itself while the training runs").matches("[0-9]+")
                .isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(first.claimFile()).as("a finished training releases its claim").doesNotExist();
        assertThat(second.isReady()).as("the other program's children find the cache").isTrue();
        assertThat(second.childOptions()).contains("-XX:AOTCache=" + second.file());
    }

    @Test
    void aClaimLeftByADeadProgramOrTooOldIsTakenOver() throws Exception {
        Path jar = jar("a.jar", "one");
        Path claim = AotCache.of(jar.toString(), "").orElseThrow().claimFile();
        Files.createDirectories(claim.getParent());

        java.lang.Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(claim, Long.toString(gone.pid()));
        AotCache afterDeath = AotCache.of(jar.toString(), "").orElseThrow();
        assertThat(afterDeath.startTraining()).as("the claimer died").isTrue();
        assertThat(claim).hasContent(Long.toString(ProcessHandle.current().pid()));

        AotCache whileLive = AotCache.of(jar.toString(), "").orElseThrow();
        assertThat(whileLive.startTraining()).as("the claimer (this JVM) lives").isFalse();
        Files.setLastModifiedTime(claim, FileTime.fromMillis(System.currentTimeMillis()
                - AotCache.CLAIM_EXPIRY.toMillis() - TimeUnit.MINUTES.toMillis(1)));
        AotCache afterExpiry = AotCache.of(jar.toString(), "").orElseThrow();
        assertThat(afterExpiry.startTraining()).as("a claim older than a training can take").isTrue();
        afterExpiry.releaseClaim();
        assertThat(claim).doesNotExist();
    }

    private static int run(List<String> command) throws Exception {
        java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    /**
     * A JVM whose class path is made of jars (this module's classes and tests, jarred here) starts
     * one Process and exits at once; the training it set off still writes the cache, and a child of
     * the next run started with {@code -XX:AOTMode=on} (which refuses to run without a usable
     * cache) exits 0.
     */
    @Test
    void aProgramShorterThanTheTrainingStillLeavesACacheTheNextRunStartsFrom() throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(jarDirectory(Path.of("target/test-classes"), "tests.jar").toString());
        classPath.add(jarDirectory(Path.of("target/classes"), "core.jar").toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("slf4j")) {
                classPath.add(entry);
            }
        }
        assertThat(runCheck(classPath, "start")).contains("started and joined one process");
        Path directory = home.resolve(".cache/mp4j/aot");
        Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> cacheFiles(directory).size() == 1);
        assertThat(runCheck(classPath, "strict")).contains("child with AOTMode=on exited 0, event set true")
                // the futex downcall and its FFM linker come from the cache: linking them cold cost
                // each child ~50 ms of CPU (a lab's Pool(8) start gate, every Lock or Queue of a child)
                .contains("futex class source: shared objects file")
                // and so does the JDK's HTTP client (a URL fetched per task, the common I/O-bound job)
                .contains("HTTP client class source: shared objects file");
    }

    private static List<Path> cacheFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
        }
    }

    private String runCheck(List<String> classPath, String mode) throws Exception {
        java.lang.Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "--enable-native-access=ALL-UNNAMED",
                "-cp", String.join(File.pathSeparator, classPath), AotTrainingCheck.class.getName(), mode)
                .redirectErrorStream(true).start();
        try {
            String output = new String(parent.getInputStream().readAllBytes());
            assertThat(parent.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(parent.exitValue()).as(output).isZero();
            return output;
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path jarDirectory(Path directory, String name) throws IOException {
        Path jar = home.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
                try (var in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
            }
        }
        return jar;
    }
}
