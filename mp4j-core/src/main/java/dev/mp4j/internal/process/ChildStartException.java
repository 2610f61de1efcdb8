package dev.mp4j.internal.process;

import java.io.IOException;

/** A child JVM could not be started or did not connect back. */
public final class ChildStartException extends IOException {
    public ChildStartException(String message) {
        super(message);
    }
}
