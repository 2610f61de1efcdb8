package dev.mp4j.internal.process;

import org.slf4j.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK 25 AOT cache (JEPs 483, 514) child JVMs start from: the classes a child loads (the JDK's
 * and mp4j's) already parsed, verified and linked, with their lambda forms. A child with the cache
 * starts in about two thirds of the time and CPU.
 *
 * <p>The training records no method profiles ({@code -XX:-AOTRecordTraining}, JEP 515): a child
 * replaying them compiled the training's hot methods as soon as it started, ~40 ms of compiler CPU
 * per child that a short-lived worker rarely earns back (8 pool workers with a start gate on 2 cores
 * were all up in 0.79 s with the profiles and 0.69 s without; a fresh pool's first map of 100,000
 * items took the same time either way).
 *
 * <p>A cache belongs to one JDK and one class path: its file name is a hash of the JDK, the child's
 * class and module path, and the size and modification time of every jar on them, so a rebuilt jar
 * gets a new cache and never meets a stale one (the JVM would silently refuse it). The JVM caches
 * jars only: with a directory on the class path (an IDE or a test run) there is no cache.
 *
 * <p>Training: the first time this JVM spawns a child and finds no cache, it starts one training
 * child in the background: a child like the others that warms up the paths children take
 * ({@link Warmup#train}), runs a trivial {@code Process} and exits; the JVM writes the cache as it
 * exits ({@code -XX:AOTCacheOutput}), under a temporary name. The training child is the one child
 * that does not exit with its parent: it runs no user code and ends by itself within seconds, and a
 * {@code /bin/sh} wrapper moves the file into place when, and only when, the JVM exited 0, so a
 * program shorter than the training still leaves a cache for the next run. The move is atomic: a
 * reader sees a whole cache or none. When a training starts, these are deleted: caches of the same
 * class path with other jar versions, caches of other class paths unused for 30 days or beyond the
 * 24 most recently used (a cache's modification time is refreshed, daily, when children use it), and
 * temporary files of trainings that did not finish. Until the cache exists children start without one.
 *
 * <p>One training per cache on the machine: a training is claimed by creating the file
 * {@code <cache>.training} (atomically, {@code CREATE_NEW}), which names the pid of the claimer and
 * then of the training's wrapper, and which the wrapper removes when the training ends either way.
 * Programs of the same class path started while a training runs (a test suite's forked JVMs, a
 * shell loop) find the claim and start none of their own; their children use the cache once it is
 * in place. A claim whose pid is gone, or older than {@link #CLAIM_EXPIRY}, is stale and taken over.
 *
 * <p>Off with {@code -Dmp4j.aotCache=false}. Thread-safe: the file name is fixed at creation, and
 * {@link #startTraining()} lets one caller through per instance, and one per machine while its claim
 * stands.
 */
final class AotCache {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(AotCache.class);
    private static final String SUFFIX = ".aot";
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    /** A training claim this old is taken over even if its pid runs: a training takes seconds. */
    static final Duration CLAIM_EXPIRY = Duration.ofMinutes(10);
    private static final String CLAIM_SUFFIX = ".training";
    /** A cache no program used for this long (its modification time, refreshed daily on use) is deleted. */
    private static final Duration UNUSED = Duration.ofDays(30);
    /** At most this many caches (one per class path) are kept; the least recently used go first. */
    private static final int MAX_CACHES = 24;
    /** Keeps the JVM from printing about the cache (e.g. one it refuses) into the user's output. */
    private static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");

    private final Path file;
    private final String classPathPrefix;
    private final AtomicBoolean trainingStarted = new AtomicBoolean();
    private final AtomicBoolean markedUsed = new AtomicBoolean();

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
        return dev.mp4j.internal.runtime.Fingerprint.of(text).substring(0, 16);
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
        if (markedUsed.compareAndSet(false, true)) {
            markUsed();
        }
        return List.of("-XX:AOTCache=" + file, QUIET.get(0), QUIET.get(1));
    }

    /**
     * True once per instance, when there is no cache yet and the caller should start the training
     * child (with {@link #trainingCommand}).
     */
    boolean startTraining() {
        if (isReady() || !trainingStarted.compareAndSet(false, true) || !claim()) {
            return false;
        }
        deleteOutdated();
        return true;
    }

    /** The file whose existence says a training of this cache runs somewhere on the machine. */
    Path claimFile() {
        return file.resolveSibling(file.getFileName() + CLAIM_SUFFIX);
    }

    /** Creates the claim (naming this JVM's pid), taking over a stale one; false when another stands. */
    private boolean claim() {
        Path claim = claimFile();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(claim, Long.toString(ProcessHandle.current().pid()), java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!isStale(claim)) {
                    return false; // another program trains this cache (not logged: SLF4J's start-up would land on the caller's thread)
                }
                try {
                    Files.deleteIfExists(claim);
                } catch (IOException deleteFailed) {
                    return false;
                }
            } catch (IOException e) {
                log.debug("could not claim the AOT training of {}: {}", file, e.toString());
                return false;
            }
        }
        return false; // another program took the stale claim over first
    }

    private static boolean isStale(Path claim) {
        try {
            if (Files.getLastModifiedTime(claim).toInstant().isBefore(Instant.now().minus(CLAIM_EXPIRY))) {
                return true;
            }
            String pid = Files.readString(claim).trim();
            // empty: its claimer is writing it this instant
            return !pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
        } catch (java.nio.file.NoSuchFileException e) {
            return true; // released meanwhile: claim it
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Gives the claim up when the training could not be started. */
    void releaseClaim() {
        try {
            Files.deleteIfExists(claimFile());
        } catch (IOException e) {
            log.debug("could not release the AOT training claim {}: {}", claimFile(), e.toString());
        }
    }

    private static Instant lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH; // gone meanwhile: deleting it again is harmless
        }
    }

    /** Where a training child writes, before the move into place. */
    Path trainingOutput() {
        return file.resolveSibling(file.getFileName() + ".tmp-" + dev.mp4j.internal.runtime.Pids.self() + "-" + System.nanoTime());
    }

    static List<String> trainingOptions(Path output) {
        return List.of("-XX:AOTCacheOutput=" + output, QUIET.get(0), QUIET.get(1),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
    }

    /**
     * {@code javaCommand} (which writes {@code output}) run by {@code /bin/sh} at a lower priority
     * ({@code nice}, so the user's own children get the CPU first), which then moves {@code output}
     * into place if the JVM exited 0, and removes it otherwise; the shell names itself in the
     * {@link #claimFile() claim} first and removes the claim last.
     */
    List<String> trainingCommand(List<String> javaCommand, Path output) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "out=$1; cache=$2; claim=$3; shift 3; echo $$ > \"$claim\"; "
                        + "if command -v nice >/dev/null 2>&1; then set -- nice -n 10 \"$@\"; fi; "
                        + "if \"$@\"; then mv -f -- \"$out\" \"$cache\"; status=0; else status=$?; rm -f -- \"$out\" \"$out.config\"; fi; "
                        + "rm -f -- \"$claim\"; exit $status",
                "mp4j-aot-training", output.toString(), file.toString(), claimFile().toString()));
        command.addAll(javaCommand);
        return command;
    }

    /** Sets the cache's modification time to now, at most once a day: the age {@link #deleteOutdated} reads. */
    private void markUsed() {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(Duration.ofDays(1)))) {
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(now));
            }
        } catch (IOException e) {
            log.debug("could not mark the AOT cache {} used: {}", file, e.toString());
        }
    }

    /**
     * Caches of this class path's earlier jar versions, caches of any class path unused for
     * {@link #UNUSED} or beyond the {@link #MAX_CACHES} most recently used, temporary files of
     * trainings that did not finish, and the CDS archives earlier mp4j builds left in
     * ~/.cache/mp4j/cds.
     */
    private void deleteOutdated() {
        try (DirectoryStream<Path> others = Files.newDirectoryStream(file.getParent(), classPathPrefix + "*" + SUFFIX)) {
            for (Path other : others) {
                if (!other.equals(file)) {
                    Files.deleteIfExists(other); // a JVM that maps it keeps its mapping
                }
            }
        } catch (IOException e) {
            log.debug("could not remove outdated AOT caches: {}", e.toString());
        }
        try (DirectoryStream<Path> legacy = Files.newDirectoryStream(file.getParent().resolveSibling("cds"), "worker-*.jsa")) {
            for (Path archive : legacy) {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            // no legacy directory
        }
        try (var caches = Files.list(file.getParent())) {
            List<Path> byLastUse = caches.filter(p -> p.getFileName().toString().startsWith("worker-")
                            && p.getFileName().toString().endsWith(SUFFIX) && !p.equals(file))
                    .sorted(java.util.Comparator.comparing(AotCache::lastModified).reversed()).toList();
            Instant unusedSince = Instant.now().minus(UNUSED);
            for (int i = 0; i < byLastUse.size(); i++) {
                Path other = byLastUse.get(i);
                if (i >= MAX_CACHES - 1 || lastModified(other).isBefore(unusedSince)) {
                    Files.deleteIfExists(other);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            log.debug("could not remove unused AOT caches: {}", e.toString());
        }
        Instant cutoff = Instant.now().minus(STALE_TEMPORARY);
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(file.getParent(),
                "*" + SUFFIX + "{.tmp-*," + CLAIM_SUFFIX + "}")) {
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
