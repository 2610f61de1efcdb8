package dev.mp4j.internal.queue;

import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.transport.FrameChannel;

import java.nio.file.NoSuchFileException;

/**
 * Puts items into a {@link SharedRing} and takes them out: encodes into a per-thread buffer with 4
 * bytes reserved in front for the record length, so that a put allocates nothing for small items
 * (buffers that grew past 64 KiB are dropped after use), and carries an item too large for the ring
 * {@link OutOfLineItems out of line}. A large {@code byte[]} item is stored out of line as it is,
 * neither encoded nor copied in Java, and read back into the array the consumer gets.
 */
public final class ItemCodec {
    private static final int KEEP_LIMIT = 64 * 1024;
    private static final ThreadLocal<BytesOutput> BUFFER = ThreadLocal.withInitial(() -> new BytesOutput(256));

    private ItemCodec() {
    }

    /** Encodes {@code item}; the result is valid until the calling thread's next encode. */
    public static BytesOutput encode(Object item) {
        BytesOutput out = BUFFER.get();
        if (out.array().length > KEEP_LIMIT) {
            out = new BytesOutput(256);
            BUFFER.set(out);
        }
        out.reset();
        out.writeInt(0);
        Codec.standard().encode(item, out);
        return out;
    }

    public static Object decode(byte[] payload) {
        return Codec.standard().decode(payload);
    }

    /**
     * Appends {@code item} before the deadline.
     *
     * @return false when the deadline expired with the queue full
     * @throws IllegalArgumentException when the item is over {@code -Dmp4j.maxFrameBytes}
     */
    public static boolean put(SharedRing ring, Object item, boolean task, Deadline deadline) throws InterruptedException {
        if (item instanceof byte[] bytes && ring.carriesOutOfLine(bytes.length)) {
            checkLimit(bytes.length);
            return ring.putOutOfLine(bytes, 0, bytes.length, true, task, deadline);
        }
        BytesOutput encoded = encode(item);
        int itemBytes = encoded.size() - 4;
        checkLimit(itemBytes);
        if (ring.carriesOutOfLine(itemBytes)) {
            return ring.putOutOfLine(encoded.array(), 4, itemBytes, false, task, deadline);
        }
        if (ring.put(encoded.array(), encoded.size(), task, NOW)) {
            return true;
        }
        if (deadline.expired()) {
            return false;
        }
        Object wait = Events.waitBegins(false); // a full queue: a wait a recording may want to see
        boolean done = ring.put(encoded.array(), encoded.size(), task, deadline);
        if (wait != null) {
            Events.queueWaited(wait, ring.name(), "put", done);
        }
        return done;
    }

    /** A deadline that has passed: one attempt that does not wait, so that only real waits are timed. */
    private static final Deadline NOW = Deadline.afterNanos(0);

    private static void checkLimit(int itemBytes) {
        if (itemBytes > FrameChannel.DEFAULT_MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("an item of " + itemBytes + " encoded bytes is over the "
                    + FrameChannel.DEFAULT_MAX_FRAME_BYTES + "-byte limit of what crosses a process boundary:"
                    + " raise -Dmp4j.maxFrameBytes (in every process that takes from this queue too)");
        }
    }

    /** Removes the oldest item before the deadline; null when it expired with the queue empty. */
    public static Object take(SharedRing ring, Deadline deadline) throws InterruptedException {
        byte[] payload = ring.take(NOW);
        if (payload == null && !deadline.expired()) {
            Object wait = Events.waitBegins(false); // an empty queue
            payload = ring.take(deadline);
            if (wait != null) {
                Events.queueWaited(wait, ring.name(), "get", payload != null);
            }
        }
        if (payload == null) {
            return null;
        }
        if (!OutOfLineItems.isReference(payload)) {
            return decode(payload);
        }
        try {
            return decode(ring.outOfLineItems().load(payload, true));
        } catch (NoSuchFileException e) {
            throw new SerializationException("queue " + ring.name() + " lost an item stored out of line: its file " + e.getFile()
                    + " is gone (removed outside mp4j, or the queue's creator let it be garbage-collected)");
        }
    }

    /** The oldest item without removing it, or null when empty. */
    public static Object peek(SharedRing ring) {
        while (true) {
            long head = ring.head();
            byte[] payload = ring.peek();
            if (payload == null) {
                return null;
            }
            if (!OutOfLineItems.isReference(payload)) {
                return decode(payload);
            }
            try {
                OutOfLineItems.Loaded loaded = ring.outOfLineItems().load(payload, false);
                if (ring.head() == head) { // still untaken when read: its file was not reused meanwhile
                    return decode(loaded);
                }
            } catch (NoSuchFileException takenMeanwhile) {
                // a consumer took it between the peek and the read: look again
            }
        }
    }

    private static Object decode(OutOfLineItems.Loaded loaded) {
        return loaded.raw() ? loaded.bytes() : decode(loaded.bytes());
    }
}
