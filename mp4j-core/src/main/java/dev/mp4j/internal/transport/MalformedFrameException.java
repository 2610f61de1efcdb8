package dev.mp4j.internal.transport;

import java.io.IOException;

/** A frame that is truncated, oversized or otherwise cannot be read; the connection is unusable. */
public class MalformedFrameException extends IOException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
