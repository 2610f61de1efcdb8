package dev.mp4j.internal.transport;

import dev.mp4j.connection.MalformedFrameException;
import dev.mp4j.connection.FrameTooLargeException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames over a blocking byte channel: {@code [int length][byte type][payload]}.
 *
 * <p>Invariants: a frame longer than {@link #maxFrameBytes()} is refused from its header, before
 * any buffer for it is allocated, and the channel is closed (a stream cannot be resynchronised
 * after a bad header). EOF at a frame boundary is a clean {@link EOFException}; EOF inside a frame
 * is a {@link MalformedFrameException}.
 *
 * <p>Threading: any number of threads may {@link #send} (a lock keeps frames whole); exactly one
 * thread at a time may {@link #receive}. Sends are written before {@code send} returns; there is
 * no hidden write buffering.
 */
public final class FrameChannel implements AutoCloseable {
    /** Default upper bound of one frame's payload, overridable with {@code -Dmp4j.maxFrameBytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = Integer.getInteger("mp4j.maxFrameBytes", 256 * 1024 * 1024);
    private static final int HEADER = 5;

    private final ByteChannel channel;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024).flip();
    /** Heap, not direct, write buffers: the channel writes from a byte array (see {@link PipePairChannel}). */
    private final boolean heapWrites;
    private ByteBuffer writeBuffer;
    private volatile int maxFrameBytes;

    public FrameChannel(ByteChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
        this.heapWrites = channel instanceof PipePairChannel pipes && pipes.writesFromArrays();
        this.writeBuffer = newWriteBuffer(64 * 1024);
    }

    private ByteBuffer newWriteBuffer(int capacity) {
        return heapWrites ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    public FrameChannel(ByteChannel channel) {
        this(channel, DEFAULT_MAX_FRAME_BYTES);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public void maxFrameBytes(int limit) {
        this.maxFrameBytes = limit;
    }

    public ByteChannel channel() {
        return channel;
    }

    /** One received frame. {@code payload} is owned by the caller. */
    public record Frame(int type, byte[] payload) {
    }

    public void send(int type, byte[] payload) throws IOException {
        send(type, payload, 0, payload.length);
    }

    public void send(int type, byte[] payload, int offset, int length) throws IOException {
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes
                    + " bytes (raise it with -Dmp4j.maxFrameBytes)");
        }
        writeLock.lock();
        try {
            if (writeBuffer.capacity() < HEADER + length && HEADER + length <= 4 * 1024 * 1024) {
                writeBuffer = newWriteBuffer(Integer.highestOneBit(HEADER + length) << 1);
            }
            ByteBuffer out = writeBuffer.clear();
            out.putInt(length).put((byte) type);
            if (out.remaining() >= length) {
                out.put(payload, offset, length).flip();
                writeFully(out);
            } else {
                out.flip();
                writeFully(out);
                writeFully(ByteBuffer.wrap(payload, offset, length));
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Blocks for the next frame.
     *
     * @throws EOFException when the peer closed the connection between frames
     * @throws MalformedFrameException for a truncated or oversized frame (the channel is closed)
     */
    public Frame receive() throws IOException {
        if (!fill(HEADER, true)) {
            throw new EOFException("connection closed by peer");
        }
        int length = readBuffer.getInt();
        int type = readBuffer.get() & 0xff;
        if (length < 0 || length > maxFrameBytes) {
            close();
            throw new MalformedFrameException("frame header announces " + length + " bytes; the limit is "
                    + maxFrameBytes + " bytes: refused before allocation and connection closed");
        }
        byte[] payload = new byte[length];
        int copied = Math.min(length, readBuffer.remaining());
        readBuffer.get(payload, 0, copied);
        while (copied < length) {
            if (length - copied >= readBuffer.capacity()) {
                ByteBuffer direct = ByteBuffer.wrap(payload, copied, length - copied);
                int n = channel.read(direct);
                if (n < 0) {
                    throw truncated(length, copied);
                }
                copied += n;
            } else {
                if (!fill(1, false)) {
                    throw truncated(length, copied);
                }
                int n = Math.min(length - copied, readBuffer.remaining());
                readBuffer.get(payload, copied, n);
                copied += n;
            }
        }
        return new Frame(type, payload);
    }

    private MalformedFrameException truncated(int length, int copied) {
        close();
        return new MalformedFrameException("connection closed inside a frame: got " + copied + " of " + length + " bytes");
    }

    /** Ensures {@code n} buffered bytes; false on EOF before any byte when {@code atBoundary}. */
    private boolean fill(int n, boolean atBoundary) throws IOException {
        if (readBuffer.remaining() >= n) {
            return true;
        }
        readBuffer.compact();
        try {
            while (readBuffer.position() < n) {
                int read = channel.read(readBuffer);
                if (read < 0) {
                    if (atBoundary && readBuffer.position() == 0) {
                        return false;
                    }
                    if (atBoundary) {
                        close();
                        throw new MalformedFrameException("connection closed inside a frame header");
                    }
                    return false;
                }
            }
        } finally {
            readBuffer.flip();
        }
        return true;
    }

    /** True when a frame's first bytes are already buffered, so {@link #receive} may not block. */
    public boolean hasBufferedInput() {
        return readBuffer.hasRemaining();
    }

    /**
     * Appends one frame to {@code out} for a later {@link #sendRaw}: how a sender coalesces many
     * small frames into one write.
     */
    public static void appendFrame(dev.mp4j.internal.codec.BytesOutput out, int type, byte[] payload, int offset, int length) {
        out.writeInt(length);
        out.writeByte(type);
        out.write(payload, offset, length);
    }

    /** Starts a frame in {@code out} whose payload the caller appends; returns the mark for {@link #endFrame}. */
    public static int beginFrame(dev.mp4j.internal.codec.BytesOutput out, int type) {
        int mark = out.size();
        out.writeInt(0);
        out.writeByte(type);
        return mark;
    }

    /** Patches the length of the frame begun at {@code mark}. */
    public static void endFrame(dev.mp4j.internal.codec.BytesOutput out, int mark) {
        out.putInt(mark, out.size() - mark - HEADER);
    }

    /** Writes frames built with {@link #appendFrame}/{@link #beginFrame} in one go. */
    public void sendRaw(byte[] frames, int length) throws IOException {
        writeLock.lock();
        try {
            writeFully(ByteBuffer.wrap(frames, 0, length));
        } finally {
            writeLock.unlock();
        }
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the peer sees EOF either way
        }
    }

    /** Half-closes the output side: the peer reads end of stream after the frames already sent. */
    public void shutdownOutput() {
        if (channel instanceof PipePairChannel pipes) {
            writeLock.lock();
            try {
                pipes.closeOutput();
            } finally {
                writeLock.unlock();
            }
        } else if (channel instanceof SocketChannel socket) {
            try {
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
