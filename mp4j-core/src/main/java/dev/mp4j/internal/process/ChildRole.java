package dev.mp4j.internal.process;

import dev.mp4j.internal.transport.FrameChannel;

/**
 * What a child JVM becomes when its parent's first frame arrives. Implementations own the control
 * connection from then on and return the exit status of the child JVM.
 */
@FunctionalInterface
public interface ChildRole {
    int run(FrameChannel parent, FrameChannel.Frame first) throws Exception;
}
