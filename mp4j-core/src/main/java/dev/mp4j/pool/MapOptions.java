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
    public static final MapOptions DEFAULTS = new MapOptions(0, null, null, 0);

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

    /** Options with the default read-ahead. */
    public MapOptions(int chunksize, Duration timeout, ProgressListener progress) {
        this(chunksize, timeout, progress, 0);
    }

    public static MapOptions defaults() {
        return DEFAULTS;
    }

    public MapOptions withChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
        return new MapOptions(chunksize, timeout, progress, readAhead);
    }

    public MapOptions withTimeout(Duration timeout) {
        return new MapOptions(chunksize, Objects.requireNonNull(timeout, "timeout"), progress, readAhead);
    }

    public MapOptions withProgress(ProgressListener progress) {
        return new MapOptions(chunksize, timeout, Objects.requireNonNull(progress, "progress"), readAhead);
    }

    /** imap: submit at most {@code chunks} chunks ahead of the consumer (Python 3.14's {@code buffersize}). */
    public MapOptions withReadAhead(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("readAhead must be >= 1, got " + chunks);
        }
        return new MapOptions(chunksize, timeout, progress, chunks);
    }
}
