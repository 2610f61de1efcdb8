package dev.mp4j.internal.process;

import dev.mp4j.internal.transport.FrameChannel;

/**
 * What a child JVM becomes when its role frame arrives (on stdin, see {@link WorkerMain}).
 * Implementations own the control connection, if they asked for one, and return the exit status of
 * the child JVM.
 */
public interface ChildRole {
    /** @param parent the authenticated control connection, or null when {@link #needsConnection()} is false */
    int run(FrameChannel parent, FrameChannel.Frame first) throws Exception;

    /**
     * Whether a status of 0 ends the JVM by returning from {@code main} rather than by
     * {@code System.exit}. Returning waits for non-daemon threads, so only a role that has joined
     * them may say yes; it saves {@code System.exit}'s look-up of the "java.lang.Runtime" logger,
     * which scans every jar of the class path (tens of milliseconds at the end of a child).
     */
    default boolean returnsOnSuccess() {
        return false;
    }

    /** Whether the child connects back to the parent before {@link #run}. */
    default boolean needsConnection() {
        return true;
    }
}
