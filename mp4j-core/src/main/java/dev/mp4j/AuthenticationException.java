package dev.mp4j;

/**
 * A peer failed the authkey challenge (Python's {@code multiprocessing.AuthenticationError}).
 * Nothing the peer sent was deserialized.
 */
public final class AuthenticationException extends RuntimeException {
    public AuthenticationException(String message) {
        super(message);
    }
}
