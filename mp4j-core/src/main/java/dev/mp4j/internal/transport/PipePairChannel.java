package dev.mp4j.internal.transport;

import java.io.FileOutputStream;
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
 * <p>Writes given a {@link FileOutputStream} go through it, not through its channel: a
 * {@link java.nio.channels.FileChannel} is an interruptible channel, which an interrupt of the
 * writing thread closes, and a pool's tasks are written by whichever thread submits them (an
 * application's thread, which its own code may interrupt at any time) or by a task's thread in the
 * worker. Closed that way, the pipe would end the worker: it reads end of stream and exits. A
 * stream's write ignores interrupts. A thread blocked writing to a full pipe is released when the
 * reader dies or reads, not by {@link #close}.
 *
 * <p>Threading: one reader and one writer may use it at once (the two are independent channels);
 * {@link #close} may be called from any thread and wakes a thread blocked in a read (the input is
 * a {@link java.nio.channels.FileChannel}, whose close signals blocked threads).
 */
public final class PipePairChannel implements ByteChannel {
    private final ReadableByteChannel input;
    private final WritableByteChannel output;
    /** The stream {@code output} belongs to, written directly; null: writes go to {@code output}. */
    private final FileOutputStream outputStream;
    /** For writes from a direct buffer through the stream; only the writer thread uses it. */
    private byte[] copy = new byte[0];

    public PipePairChannel(ReadableByteChannel input, WritableByteChannel output) {
        this.input = input;
        this.output = output;
        this.outputStream = null;
    }

    /** Writes go through {@code output} itself, which ignores interrupts (see the class comment). */
    public PipePairChannel(ReadableByteChannel input, FileOutputStream output) {
        this.input = input;
        this.output = output.getChannel(); // shares the descriptor: closing either closes both
        this.outputStream = output;
    }

    /** True when writes take a buffer's array without a copy (a heap buffer) rather than a direct one. */
    public boolean writesFromArrays() {
        return outputStream != null;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return input.read(destination);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (outputStream == null) {
            return output.write(source);
        }
        int length = source.remaining();
        if (source.hasArray()) {
            outputStream.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.position() + length);
        } else {
            if (copy.length < length) {
                copy = new byte[Math.max(length, 4096)];
            }
            source.get(copy, 0, length);
            outputStream.write(copy, 0, length);
        }
        return length;
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
