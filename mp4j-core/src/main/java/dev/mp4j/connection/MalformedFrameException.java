package dev.mp4j.connection;

import java.io.IOException;

/**
 * What arrived on a connection is not a well-formed message: a frame cut short because the peer
 * closed or died in the middle of it, or a header announcing more bytes than the frame limit
 * ({@code -Dmp4j.maxFrameBytes}, 256 MiB by default). The connection is unusable afterwards: close it.
 */
public class MalformedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the frame
     */
    public MalformedFrameException(String message) {
        super(message);
    }
}
