package dev.mp4j.internal.subprocess;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the file the OS would execute for a program name, the way {@code ProcessBuilder} does on
 * Unix: a name containing {@code /} is a path (relative to the working directory), any other name
 * is searched in this JVM's {@code PATH}. Stateless and thread-safe.
 */
public final class ProgramLocator {
    private ProgramLocator() {
    }

    /** This JVM's {@code PATH} (the one {@code ProcessBuilder} searches), or "" if unset. */
    public static String searchPath() {
        String path = System.getenv("PATH");
        return path == null ? "" : path;
    }

    /** The file that would be executed, or empty if none exists or none is executable. */
    public static Optional<Path> locate(String program, Path workingDirectory) {
        if (program.isEmpty()) {
            return Optional.empty();
        }
        if (program.indexOf('/') >= 0) {
            Path path = Path.of(program);
            if (!path.isAbsolute() && workingDirectory != null) {
                path = workingDirectory.resolve(path);
            }
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        for (String directory : searchPath().split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The message for a program that {@link #locate} did not find. */
    public static String notFoundMessage(String program, Path workingDirectory) {
        if (program.isEmpty()) {
            return "the command is empty: give a program name";
        }
        if (program.indexOf('/') >= 0) {
            Path path = Path.of(program);
            Path resolved = !path.isAbsolute() && workingDirectory != null ? workingDirectory.resolve(path) : path;
            return "program " + program + " not found: " + resolved.toAbsolutePath() + " does not exist";
        }
        return "program '" + program + "' not found on PATH (" + searchPath()
                + "): install it, fix PATH, or give its full path";
    }
}
