package dev.mp4j.internal.transport;

import java.io.IOException;

/** A frame this side refused to send because it exceeds the frame limit. The connection stays usable. */
public final class FrameTooLargeException extends IOException {
    public FrameTooLargeException(String message) {
        super(message);
    }
}
