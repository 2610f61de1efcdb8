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
 */
public record MapOptions(int chunksize, Duration timeout, ProgressListener progress) {
    public static final MapOptions DEFAULTS = new MapOptions(0, null, null);

    public MapOptions {
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize must be >= 1 (or 0 for the default), got " + chunksize);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static MapOptions defaults() {
        return DEFAULTS;
    }

    public MapOptions withChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
        return new MapOptions(chunksize, timeout, progress);
    }

    public MapOptions withTimeout(Duration timeout) {
        return new MapOptions(chunksize, Objects.requireNonNull(timeout, "timeout"), progress);
    }

    public MapOptions withProgress(ProgressListener progress) {
        return new MapOptions(chunksize, timeout, Objects.requireNonNull(progress, "progress"));
    }
}
