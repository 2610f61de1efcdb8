package dev.mp4j.connection;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.connection.FrameAlignedChannel;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Connection} over an authenticated socket, returned by {@link Listener#accept()} and
 * {@link Client#connect}. Objects and byte messages travel as frames; an object is decoded with
 * mp4j's allow-listed codec only after the peer passed the authkey challenge (which happened
 * before this object existed).
 *
 * <p>{@link #recv()} returns a byte message as a {@code byte[]}; {@link #recvBytes()} returns an
 * object message as its encoded bytes (Python's {@code recv_bytes} on a pickled message does the
 * same). Threading: one sender and one receiver may work at the same time; see {@link Connection}.
 */
public final class SocketConnection implements Connection {
    static final int OBJECT = 0x10;
    static final int BYTES = 0x11;

    private final FrameChannel frames;
    private final FrameAlignedChannel channel;
    private final String peer;
    private volatile boolean closed;
    private volatile int fileno = -1;

    SocketConnection(FrameChannel frames, FrameAlignedChannel channel, String peer) {
        this.frames = frames;
        this.channel = channel;
        this.peer = peer;
    }

    @Override
    public void send(Object value) throws IOException {
        ensureOpen();
        byte[] payload;
        try {
            payload = Codec.standard().encode(value);
        } catch (SerializationException e) {
            throw SerializationException.in("cannot send " + describe(value), e);
        }
        frames.send(OBJECT, payload);
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    @Override
    public Object recv() throws IOException {
        FrameChannel.Frame frame = receive();
        if (frame.type() == BYTES) {
            return frame.payload();
        }
        return Codec.standard().decode(frame.payload());
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        frames.send(BYTES, bytes, offset, length);
    }

    @Override
    public byte[] recvBytes() throws IOException {
        return receive().payload();
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
        Objects.checkIndex(offset, buffer.length + 1);
        byte[] message = receive().payload();
        int available = buffer.length - offset;
        if (message.length > available) {
            throw new BufferTooShortException(message, available);
        }
        System.arraycopy(message, 0, buffer, offset, message.length);
        return message.length;
    }

    private FrameChannel.Frame receive() throws IOException {
        ensureOpen();
        FrameChannel.Frame frame = frames.receive();
        if (frame.type() != OBJECT && frame.type() != BYTES) {
            close();
            throw new IOException("peer " + peer + " sent an unknown frame type " + frame.type() + "; connection closed");
        }
        return frame;
    }

    @Override
    public boolean poll(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        ensureOpen();
        return channel.awaitReadable(timeout);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("connection to " + peer + " is closed");
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadable() {
        return true;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    /**
     * The socket's descriptor (Python's {@code fileno()}), valid while the connection is open.
     *
     * @return the descriptor number
     * @throws IOException when the connection is closed or the descriptor cannot be found
     */
    @Override
    public int fileno() throws IOException {
        ensureOpen();
        int fd = fileno;
        if (fd < 0) {
            fd = dev.mp4j.internal.connection.SocketDescriptors.find(channel.socket());
            fileno = fd;
        }
        return fd;
    }

    /**
     * The peer's address as the OS reports it, for messages.
     *
     * @return {@code /ip:port}, or the listener's {@code unix:/path} for a Unix socket
     */
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        closed = true;
        frames.close();
    }

    @Override
    public String toString() {
        return "SocketConnection[" + peer + (closed ? ", closed" : "") + "]";
    }
}
