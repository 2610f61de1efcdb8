package dev.mp4j.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one {@code map}/{@code imap}/{@code starmap}/{@code apply} call. Immutable.
 *
 * @param chunksize items per task sent to a worker; 0 means Python's rule (map: about 4 chunks per
 *     worker; imap: 1)
 * @param timeout per-task (per-chunk) time limit, or null for none
 * @param progress told of progress, or null
 * @param readAhead imap only: how many chunks it may submit ahead of the consumer (submitted and
 *     not yet taken by {@code next()}); 0 means {@link Pool#defaultReadAhead()}
 */
public record MapOptions(int chunksize, Duration timeout, ProgressListener progress, int readAhead) {
    /** Python's defaults: its chunk size rule, no timeout, no progress, the default read-ahead. */
    public static final MapOptions DEFAULTS = new MapOptions(0, null, null, 0);

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException when {@code chunksize} or {@code readAhead} is negative, or
     *         {@code timeout} is zero or negative
     */
    public MapOptions {
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize must be >= 1 (or 0 for the default), got " + chunksize);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (readAhead < 0) {
            throw new IllegalArgumentException("readAhead must be >= 1 (or 0 for the default), got " + readAhead);
        }
    }

    /**
     * Options with the default read-ahead.
     *
     * @param chunksize items per task, or 0 for Python's rule
     * @param timeout   per-task time limit, or null for none
     * @param progress  told of progress, or null
     * @throws IllegalArgumentException when {@code chunksize} is negative, or {@code timeout} is
     *         zero or negative
     */
    public MapOptions(int chunksize, Duration timeout, ProgressListener progress) {
        this(chunksize, timeout, progress, 0);
    }

    /**
     * The defaults, to start a chain of {@code with...} calls.
     *
     * @return {@link #DEFAULTS}
     */
    public static MapOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with another chunk size (Python's {@code chunksize=}).
     *
     * @param chunksize items per task sent to a worker, at least 1
     * @return new options
     * @throws IllegalArgumentException when below 1
     */
    public MapOptions withChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
        return new MapOptions(chunksize, timeout, progress, readAhead);
    }

    /**
     * These options with a per-task time limit: a task (a chunk) still running when it passes
     * fails with {@link TaskTimeoutException} and its worker is replaced. Python's pools have no
     * such limit.
     *
     * @param timeout positive
     * @return new options
     * @throws IllegalArgumentException when zero or negative
     * @throws NullPointerException when {@code timeout} is null
     */
    public MapOptions withTimeout(Duration timeout) {
        return new MapOptions(chunksize, Objects.requireNonNull(timeout, "timeout"), progress, readAhead);
    }

    /**
     * These options with a progress listener (tqdm's role in Python programs).
     *
     * @param progress told after each completed chunk; see {@link TerminalProgress}
     * @return new options
     * @throws NullPointerException when {@code progress} is null
     */
    public MapOptions withProgress(ProgressListener progress) {
        return new MapOptions(chunksize, timeout, Objects.requireNonNull(progress, "progress"), readAhead);
    }

    /**
     * These options with a read-ahead: an imap submits at most {@code chunks} chunks ahead of its
     * consumer (Python 3.14's {@code buffersize}).
     *
     * @param chunks at least 1
     * @return new options
     * @throws IllegalArgumentException when below 1
     */
    public MapOptions withReadAhead(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("readAhead must be >= 1, got " + chunks);
        }
        return new MapOptions(chunksize, timeout, progress, chunks);
    }
}
