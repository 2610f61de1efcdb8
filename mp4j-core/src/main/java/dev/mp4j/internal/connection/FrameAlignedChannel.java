package dev.mp4j.internal.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking {@link ByteChannel} view of a non-blocking socket that never reads past the end of
 * the frame being read (frames are {@code [int length][byte type][payload]}, as
 * {@code FrameChannel} writes them).
 *
 * <p>Why: a {@code FrameChannel} on top of this channel never holds bytes of the next frame in its
 * buffer, so "is a frame ready?" is answered exactly by "is the socket readable?", which
 * {@link #awaitReadable} asks the OS with a selector. Reads and writes block on two separate
 * selectors, so one thread may write while another reads.
 *
 * <p>Threading: one reader and one writer at a time (the {@code FrameChannel} above serializes
 * writers). {@link #close()} from any thread wakes both.
 */
public final class FrameAlignedChannel implements ByteChannel {
    private static final int HEADER = 5;

    private final SocketChannel socket;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final ReentrantLock readLock = new ReentrantLock();
    private final byte[] header = new byte[HEADER];
    private int headerRead;
    private long payloadLeft = -1;

    public FrameAlignedChannel(SocketChannel socket) throws IOException {
        this.socket = socket;
        socket.configureBlocking(false);
        readSelector = Selector.open();
        writeSelector = Selector.open();
        socket.register(readSelector, SelectionKey.OP_READ);
        socket.register(writeSelector, SelectionKey.OP_WRITE);
    }

    public SocketChannel socket() {
        return socket;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        readLock.lock();
        try {
            int allowed = payloadLeft >= 0 ? (int) Math.min(Integer.MAX_VALUE, payloadLeft) : HEADER - headerRead;
            if (allowed == 0) {
                startNextFrame();
                allowed = HEADER;
            }
            int start = destination.position();
            int oldLimit = destination.limit();
            if (destination.remaining() > allowed) {
                destination.limit(start + allowed);
            }
            int n;
            try {
                n = readBlocking(destination);
            } finally {
                destination.limit(oldLimit);
            }
            if (n > 0) {
                account(destination, start, n);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    private void account(ByteBuffer destination, int start, int n) {
        if (payloadLeft >= 0) {
            payloadLeft -= n;
            if (payloadLeft == 0) {
                startNextFrame();
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            header[headerRead++] = destination.get(start + i);
        }
        if (headerRead == HEADER) {
            int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            // a negative length is refused by the frame reader above; never wait for its payload
            payloadLeft = Math.max(0, length);
            if (payloadLeft == 0) {
                startNextFrame();
            }
        }
    }

    private void startNextFrame() {
        headerRead = 0;
        payloadLeft = -1;
    }

    private int readBlocking(ByteBuffer destination) throws IOException {
        while (true) {
            int n = socket.read(destination);
            if (n != 0 || !destination.hasRemaining()) {
                return n;
            }
            select(readSelector, 0);
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int total = 0;
        while (source.hasRemaining()) {
            int n = socket.write(source);
            total += n;
            if (n == 0) {
                select(writeSelector, 0);
            }
        }
        return total;
    }

    /**
     * Waits until a frame (or EOF) can be read without blocking, at most {@code timeout}.
     * Call only between frames.
     */
    public boolean awaitReadable(Duration timeout) throws IOException {
        readLock.lock();
        try {
            if (headerRead > 0 || payloadLeft >= 0) {
                return true;
            }
            long millis = timeout.toMillis();
            if (timeout.isZero() || timeout.isNegative()) {
                return selectNow();
            }
            return select(readSelector, Math.max(1, millis)) || selectNow();
        } finally {
            readLock.unlock();
        }
    }

    private boolean selectNow() throws IOException {
        ensureOpen();
        try {
            int ready = readSelector.selectNow();
            readSelector.selectedKeys().clear();
            return ready > 0;
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
    }

    private boolean select(Selector selector, long millis) throws IOException {
        ensureOpen();
        int ready;
        try {
            ready = selector.select(millis);
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        ensureOpen();
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new java.nio.channels.ClosedByInterruptException();
        }
        return ready > 0;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!socket.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            readSelector.wakeup();
            writeSelector.wakeup();
            readSelector.close();
            writeSelector.close();
        }
    }
}
