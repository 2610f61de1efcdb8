package dev.mp4j;

/**
 * A peer failed the authkey challenge (Python's {@code multiprocessing.AuthenticationError}).
 * Nothing the peer sent was deserialized.
 */
public final class AuthenticationException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message which peer failed and how (a wrong digest, a wrong or truncated handshake)
     */
    public AuthenticationException(String message) {
        super(message);
    }
}
