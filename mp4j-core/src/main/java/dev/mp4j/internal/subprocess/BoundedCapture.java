package dev.mp4j.internal.subprocess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains a process stream on its own virtual thread, keeping at most {@code limit} bytes and
 * discarding the rest, so that a chatty process never blocks on a full pipe.
 *
 * <p>The draining thread is the only writer; {@link #await} establishes happens-before with its
 * end (through a latch), after which {@link #text} and {@link #truncated} may be read from any thread.
 */
public final class BoundedCapture {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long limit;
    private final InputStream stream;
    private volatile long total;

    private BoundedCapture(InputStream stream, long limit) {
        this.stream = stream;
        this.limit = limit;
    }

    /** Starts draining {@code stream} on a new virtual thread named {@code name}. */
    public static BoundedCapture start(InputStream stream, long limit, String name) {
        BoundedCapture capture = new BoundedCapture(stream, limit);
        Thread.ofVirtual().name(name).start(capture::drain);
        return capture;
    }

    private void drain() {
        byte[] buffer = new byte[8192];
        try (stream) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                long room = limit - total;
                if (room > 0) {
                    kept.write(buffer, 0, (int) Math.min(room, read));
                }
                total += read;
            }
        } catch (IOException closedUnderUs) {
            // the stream was closed after a timeout: what was read so far is the output
        } finally {
            done.countDown();
        }
    }

    /** Waits until the stream reached its end (or was closed); false if {@code nanos} elapsed first. */
    public boolean await(long nanos) throws InterruptedException {
        return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Closes the stream, ending the drain early (used when the output stays open past a deadline). */
    public void abandon() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing more can be read either way
        }
    }

    /** The bytes kept so far, decoded; complete after {@link #await} returned true. */
    public String text(Charset charset) {
        return kept.toString(charset);
    }

    /** True if the stream produced more than the limit. */
    public boolean truncated() {
        return total > limit;
    }
}
