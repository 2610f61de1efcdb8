package dev.mp4j.pool;

/**
 * Told how far a {@code map}/{@code imap} call has got. Called from pool threads, at most once per
 * completed chunk, with {@code done} increasing; must be quick and thread-safe. {@code total} is
 * -1 while the input's length is not known (an {@code Iterable} that is not a {@code Collection},
 * until it has been read to its end).
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Reports progress.
     *
     * @param done  the number of items whose results are in
     * @param total the number of items, or -1 while not known
     */
    void onProgress(long done, long total);
}
