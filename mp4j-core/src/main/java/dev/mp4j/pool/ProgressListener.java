package dev.mp4j.pool;

/**
 * Told how far a {@code map}/{@code imap} call has got. Called from pool threads, at most once per
 * completed chunk, with {@code done} increasing; must be quick and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(long done, long total);
}
