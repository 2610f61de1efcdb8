package dev.mp4j.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

/**
 * This JVM's private directory for sockets: mode 0700, under {@code $XDG_RUNTIME_DIR} when set,
 * else {@code java.io.tmpdir}. Created on first use; removed by a shutdown hook and, if this JVM is
 * killed, by the {@link ResourceTracker}.
 *
 * <p>A Unix socket's path holds at most {@value #MAX_SOCKET_PATH_BYTES} bytes (108 with its NUL on
 * Linux; 104 on macOS and the BSDs, where the limit is taken as 103). When a socket named in the
 * directory would not fit under the preferred base (a deep {@code java.io.tmpdir}: a build's
 * sandbox, a CI workspace), the directory goes under the first of {@code /tmp}, {@code /var/tmp},
 * {@code /usr/tmp} that is writable and short enough, as CPython's multiprocessing does; when none
 * is, it stays under the preferred base and a socket that cannot be bound says so, naming the remedy.
 */
public final class RunDirectory {
    /** The bytes of a Unix socket's path, without the terminating NUL (before {@link #PATH}, which needs it). */
    public static final int MAX_SOCKET_PATH_BYTES = System.getProperty("os.name", "").startsWith("Linux") ? 107 : 103;
    /**
     * The longest name of a socket made in the directory ({@code listener-} or {@code manager-}, 12
     * hex digits, {@code .sock}).
     */
    static final int LONGEST_SOCKET_NAME = "listener-".length() + 12 + ".sock".length();
    private static final Path PATH = create();

    private RunDirectory() {
    }

    public static Path path() {
        return PATH;
    }

    /** A fresh random hex token of {@code bytes} bytes, for names nobody can guess. */
    public static String randomToken(int bytes) {
        return HexFormat.of().formatHex(Randomness.bytes(bytes));
    }

    private static Path create() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path preferred = runtime != null && Files.isDirectory(Path.of(runtime)) && Files.isWritable(Path.of(runtime))
                ? Path.of(runtime) : Path.of(System.getProperty("java.io.tmpdir"));
        // Unix socket paths are limited to 107 bytes: keep the name short.
        String name = "mp4j-" + dev.mp4j.internal.runtime.Pids.self() + "-" + randomToken(4);
        Path base = baseFor(preferred, name, List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/usr/tmp")));
        try {
            Path dir = Files.createDirectory(base.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ResourceTracker.registerInBackground(dir); // starting the tracker takes a process spawn: not on the caller's path
            Runtime.getRuntime().addShutdownHook(new Thread(new TreeDeleter(dir), "mp4j-run-directory-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create mp4j's private run directory under " + base
                    + ": " + e.getMessage() + " (set java.io.tmpdir to a writable directory)", e);
        }
    }

    /**
     * {@code preferred} when a socket in {@code preferred/name} fits a Unix socket's path, else the
     * first writable directory of {@code fallbacks} where it does, else {@code preferred}.
     */
    static Path baseFor(Path preferred, String name, List<Path> fallbacks) {
        if (fits(preferred, name)) {
            return preferred;
        }
        for (Path fallback : fallbacks) {
            if (fits(fallback, name) && Files.isDirectory(fallback) && Files.isWritable(fallback)) {
                return fallback;
            }
        }
        return preferred;
    }

    private static boolean fits(Path base, String name) {
        String socket = base.toAbsolutePath().resolve(name).resolve("x".repeat(LONGEST_SOCKET_NAME)).toString();
        return socket.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES;
    }

    /** The exit hook's body; a class rather than a lambda, whose linking a cold JVM pays on its first child. */
    private static final class TreeDeleter implements Runnable {
        private final Path dir;

        TreeDeleter(Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            deleteTree(dir);
        }
    }

    /**
     * Deletes {@code dir} and everything under it, ignoring what is already gone: the exit hook runs
     * while other cleanups (a child's named pipes released) delete files in the directory, so an
     * entry listed and then gone is no error.
     */
    public static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new TreeDeletion());
        } catch (IOException ignored) {
            // the tracker removes what is left
        }
    }

    /** Deletes files, then their directory, skipping whatever another thread removed first. */
    private static final class TreeDeletion extends java.nio.file.SimpleFileVisitor<Path> {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
            deleteQuietly(file);
            return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException failure) {
            // gone meanwhile, or unreadable: deleting it is all that is wanted either way
            deleteQuietly(file);
            return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult postVisitDirectory(Path directory, IOException failure) {
            deleteQuietly(directory);
            return java.nio.file.FileVisitResult.CONTINUE;
        }

        private static void deleteQuietly(Path path) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a directory something was added to meanwhile: the tracker removes what is left
            }
        }
    }
}
