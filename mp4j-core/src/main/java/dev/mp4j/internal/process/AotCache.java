package dev.mp4j.internal.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK 25 AOT cache (JEPs 483, 514, 515) child JVMs start from: the classes a child loads
 * (the JDK's and mp4j's) already parsed, verified and linked, with their lambda forms and method
 * profiles. A child with the cache starts in about two thirds of the time and CPU.
 *
 * <p>A cache belongs to one JDK and one class path: its file name is a hash of the JDK, the child's
 * class and module path, and the size and modification time of every jar on them, so a rebuilt jar
 * gets a new cache and never meets a stale one (the JVM would silently refuse it). The JVM caches
 * jars only: with a directory on the class path (an IDE or a test run) there is no cache.
 *
 * <p>Training: the first time this JVM spawns a child and finds no cache, it starts one training
 * child in the background, a child like the others (it authenticates, and it dies with this JVM)
 * that runs the decode path of a task once and exits; the JVM writes the cache as it exits
 * ({@code -XX:AOTCacheOutput}). The file appears under a temporary name and is moved into place
 * only when complete, so a reader sees a whole cache or none; caches of the same class path with
 * other jar versions are then deleted. Until then children start without a cache.
 *
 * <p>Off with {@code -Dmp4j.aotCache=false}. Thread-safe: the file name is fixed at creation, and
 * {@link #startTraining()} lets one caller through per instance.
 */
final class AotCache {
    private static final Logger log = LoggerFactory.getLogger(AotCache.class);
    private static final String SUFFIX = ".aot";
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    /** Keeps the JVM from printing about the cache (e.g. one it refuses) into the user's output. */
    private static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");

    private final Path file;
    private final String classPathPrefix;
    private final AtomicBoolean trainingStarted = new AtomicBoolean();

    private AotCache(Path file, String classPathPrefix) {
        this.file = file;
        this.classPathPrefix = classPathPrefix;
    }

    /** The cache for children with these paths, or empty when there can be none. */
    static Optional<AotCache> of(String classPath, String modulePath) {
        if (!Boolean.parseBoolean(System.getProperty("mp4j.aotCache", "true"))
                || !onlyJars(classPath) || !onlyJars(modulePath)) {
            return Optional.empty();
        }
        try {
            String javaKey = System.getProperty("java.home") + File.pathSeparator + System.getProperty("java.vm.version")
                    + File.pathSeparator + classPath + File.pathSeparator + modulePath;
            StringBuilder versions = new StringBuilder();
            for (String path : List.of(classPath, modulePath)) {
                for (String entry : entries(path)) {
                    BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                    versions.append(attributes.size()).append('@').append(attributes.lastModifiedTime().toMillis()).append(';');
                }
            }
            Path directory = Path.of(System.getProperty("user.home"), ".cache", "mp4j", "aot");
            Files.createDirectories(directory);
            String prefix = "worker-" + hash(javaKey) + "-";
            return Optional.of(new AotCache(directory.resolve(prefix + hash(versions.toString()) + SUFFIX), prefix));
        } catch (IOException | RuntimeException e) {
            log.debug("no AOT cache for child JVMs: {}", e.toString());
            return Optional.empty();
        }
    }

    private static List<String> entries(String path) {
        return path == null || path.isEmpty() ? List.of() : List.of(path.split(File.pathSeparator));
    }

    private static boolean onlyJars(String path) {
        for (String entry : entries(path)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    private static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            return Integer.toHexString(text.hashCode());
        }
    }

    Path file() {
        return file;
    }

    boolean isReady() {
        return Files.isRegularFile(file);
    }

    /** JVM options for a child: start from the cache when it is there. */
    List<String> childOptions() {
        if (!isReady()) {
            return List.of();
        }
        return List.of("-XX:AOTCache=" + file, QUIET.get(0), QUIET.get(1));
    }

    /**
     * True once per instance, when there is no cache yet and the caller should start the training
     * child; it must then call {@link #trainingEnded} with the temporary file it gave that child.
     */
    boolean startTraining() {
        if (isReady() || !trainingStarted.compareAndSet(false, true)) {
            return false;
        }
        deleteStaleTemporaries();
        return true;
    }

    /** Where the training child writes, and the JVM options that make it do so. */
    Path trainingOutput() {
        return file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    static List<String> trainingOptions(Path output) {
        return List.of("-XX:AOTCacheOutput=" + output, QUIET.get(0), QUIET.get(1));
    }

    /** Moves a complete cache into place (a failed training leaves none) and removes outdated ones. */
    void trainingEnded(Path output, int exitStatus) {
        try {
            if (exitStatus != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                log.debug("AOT training child ended with status {}; child JVMs start without a cache", exitStatus);
                Files.deleteIfExists(output);
                return;
            }
            Files.move(output, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.debug("AOT cache for child JVMs written: {}", file);
            try (DirectoryStream<Path> others = Files.newDirectoryStream(file.getParent(), classPathPrefix + "*" + SUFFIX)) {
                for (Path other : others) {
                    if (!other.equals(file)) {
                        Files.deleteIfExists(other);
                    }
                }
            }
        } catch (IOException e) {
            log.debug("could not install the AOT cache {}: {}", file, e.toString());
        }
    }

    /** Temporary files of trainings killed with their parent, and the CDS archives earlier mp4j builds left in ~/.cache/mp4j/cds. */
    private void deleteStaleTemporaries() {
        try (DirectoryStream<Path> legacy = Files.newDirectoryStream(file.getParent().resolveSibling("cds"), "worker-*.jsa")) {
            for (Path archive : legacy) {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            // no legacy directory
        }
        Instant cutoff = Instant.now().minus(STALE_TEMPORARY);
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(file.getParent(), "*" + SUFFIX + ".tmp-*")) {
            for (Path temporary : temporaries) {
                if (Files.getLastModifiedTime(temporary).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (IOException e) {
            log.debug("could not clean old AOT training files: {}", e.toString());
        }
    }
}
