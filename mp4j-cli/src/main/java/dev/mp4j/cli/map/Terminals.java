package dev.mp4j.cli.map;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process's stderr is a terminal. Stateless and thread-safe. */
public final class Terminals {
    private Terminals() {
    }

    /**
     * True if file descriptor 2 is a terminal. On Linux this reads {@code /proc/self/fd/2}; elsewhere
     * it falls back to whether the JVM has an interactive console.
     */
    public static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        if (Files.exists(stderr, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(stderr).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
