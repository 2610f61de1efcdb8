package dev.mp4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Two one-way byte channels seen as one two-way channel: a pool worker's pair of named pipes
 * (see {@code dev.mp4j.internal.process.FifoPair}). Reads go to {@code input}, writes to
 * {@code output}.
 *
 * <p>Threading: one reader and one writer may use it at once (the two are independent channels);
 * {@link #close} may be called from any thread and wakes a thread blocked in either (both are
 * {@link java.nio.channels.FileChannel}s, whose close signals blocked threads).
 */
public final class PipePairChannel implements ByteChannel {
    private final ReadableByteChannel input;
    private final WritableByteChannel output;

    public PipePairChannel(ReadableByteChannel input, WritableByteChannel output) {
        this.input = input;
        this.output = output;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return input.read(destination);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return output.write(source);
    }

    @Override
    public boolean isOpen() {
        return input.isOpen() && output.isOpen();
    }

    /** Closes the writing side only: the peer reads end of stream once it has read what was sent. */
    public void closeOutput() {
        try {
            output.close();
        } catch (IOException ignored) {
            // the peer sees EOF either way
        }
    }

    @Override
    public void close() throws IOException {
        try {
            output.close();
        } finally {
            input.close();
        }
    }
}
