package dev.mp4j.connection;

import java.io.IOException;

/**
 * A message this side refused to send because it is larger than the frame limit
 * ({@code -Dmp4j.maxFrameBytes}, 256 MiB by default): split it, or raise the limit on both sides.
 * Nothing was sent; the connection stays usable.
 */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message's size and the limit
     */
    public FrameTooLargeException(String message) {
        super(message);
    }
}
