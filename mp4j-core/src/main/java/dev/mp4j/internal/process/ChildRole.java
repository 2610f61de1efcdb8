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

    /** Whether the child connects back to the parent before {@link #run}. */
    default boolean needsConnection() {
        return true;
    }
}
