package dev.mp4j.cluster;

/**
 * The cluster's Redis lost pending work: it restarted without persistence (its queued tasks are
 * gone) or stayed unreachable too long for results to arrive. The work it names was not silently
 * dropped; it failed with this exception and may be submitted again.
 */
public final class ClusterConnectionException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what was lost and why
     * @param cause   the underlying failure, or null
     */
    public ClusterConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
