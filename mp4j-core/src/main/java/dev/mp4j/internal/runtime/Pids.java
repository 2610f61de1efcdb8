package dev.mp4j.internal.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's pid, read once from {@code /proc/self}. {@code ProcessHandle.current()} gives the
 * same number but initialises the JDK's process-reaper machinery on first use, which cost a child
 * JVM's start-up about 8% of its CPU.
 */
public final class Pids {
    private static final long SELF = read();

    private Pids() {
    }

    /** This process's pid. */
    public static long self() {
        return SELF;
    }

    private static long read() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (java.io.IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
