package dev.mp4j.pool;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A terminal progress bar (the {@code me.tongfei:progressbar} library, an optional dependency) fed
 * by a pool call:
 *
 * <pre>{@code
 * try (TerminalProgress bar = TerminalProgress.create("factorize")) {
 *     pool.map(f, items, MapOptions.defaults().withProgress(bar));
 * }
 * }</pre>
 *
 * <p>Thread-safe: pool threads report progress concurrently; updates are serialized by a lock
 * and never move the bar backwards.
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final ProgressBar bar;
    private long shown;

    private TerminalProgress(String task) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
                .continuousUpdate().build();
    }

    /**
     * A bar labelled {@code task}, drawn on stderr.
     *
     * @param task the label
     * @return the bar, which the caller closes when the call is done
     * @throws IllegalStateException when the progressbar library is not on the class path
     */
    public static TerminalProgress create(String task) {
        try {
            Class.forName("me.tongfei.progressbar.ProgressBar");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a terminal progress bar needs me.tongfei:progressbar on the class path;"
                    + " add it, or pass your own ProgressListener", e);
        }
        return new TerminalProgress(task);
    }

    /**
     * Moves the bar to {@code done} of {@code total}; never backwards.
     *
     * @param done  the number of items whose results are in
     * @param total the number of items, or -1 while not known
     */
    @Override
    public void onProgress(long done, long total) {
        lock.lock();
        try {
            if (bar.getMax() != total) {
                bar.maxHint(total);
            }
            if (done > shown) {
                bar.stepTo(done);
                shown = done;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * How far the bar has got.
     *
     * @return the largest {@code done} reported so far
     */
    public long current() {
        return bar.getCurrent();
    }

    /** Finishes the bar's line on stderr. */
    @Override
    public void close() {
        bar.close();
    }
}
