package dev.mp4j.internal.process;

import dev.mp4j.internal.runtime.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The class path on a child JVM's command line: {@code -cp PATH}, or, for a path too long for one
 * argument, an argument file the {@code java} launcher expands ({@code @FILE}, JDK 9+). Linux takes
 * at most 128 KiB in one argument ({@code MAX_ARG_STRLEN}): a program started with a longer class
 * path (from an argument file or a manifest, as IDEs do for large projects) could start no child
 * ("error=7, Argument list too long").
 *
 * <p>The file goes in the JVM's private run directory, named by a fingerprint of the path, written
 * once under a temporary name and moved into place, so a reader sees a whole file. Thread-safe.
 */
public final class ClassPathArgument {
    /** Above this many characters, the class path goes through a file. */
    static final int LONGEST_INLINE = 64 * 1024;

    private ClassPathArgument() {
    }

    /** The arguments that give a child {@code classPath}. */
    public static List<String> of(String classPath) {
        if (classPath.length() <= LONGEST_INLINE) {
            return List.of("-cp", classPath);
        }
        Path file = RunDirectory.path().resolve("cp-" + dev.mp4j.internal.runtime.Fingerprint.of(classPath).substring(0, 16) + ".args");
        if (!Files.isRegularFile(file)) {
            try {
                Path temporary = Files.createTempFile(file.getParent(), "cp-", ".tmp");
                Files.writeString(temporary, "-cp\n" + quoted(classPath) + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the argument file for a class path of " + classPath.length()
                        + " characters under " + file.getParent() + ": " + e.getMessage(), e);
            }
        }
        return List.of("@" + file);
    }

    /** In double quotes, with the launcher's escapes: a backslash and a quote each take a backslash. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
