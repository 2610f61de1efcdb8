package dev.mp4j.lab;

/** Bad lab input: an unknown experiment, a count out of range, an engine that is not available. */
public final class LabUsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LabUsageException(String message) {
        super(message);
    }
}
