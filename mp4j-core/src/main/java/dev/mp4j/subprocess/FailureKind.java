package dev.mp4j.subprocess;

/** Why the command for one input did not succeed; {@link #NONE} when it did. */
public enum FailureKind {
    /** The command ran and succeeded (exit status 0, or any status when exit codes are not checked). */
    NONE,
    /** The command ran and exited with a non-zero status while exit codes are checked. */
    NONZERO_EXIT,
    /** The command ran longer than the timeout; it was ended together with every process it started. */
    TIMEOUT,
    /** The program does not exist (not on {@code PATH}, or no file at the given path). */
    NOT_FOUND,
    /** The program exists but could not be started (not executable, an output file not writable, ...). */
    START_FAILED,
    /** The input's stdin file cannot be read; the command was not started. */
    INPUT_UNREADABLE,
    /** The command was not run, or was stopped, because another input failed and fail-fast is on. */
    CANCELLED
}
