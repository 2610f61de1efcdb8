package dev.mp4j.internal.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A blocking {@link ByteChannel} view of a non-blocking socket whose reads first poll for a short
 * while ({@code spinNanos}) before sleeping in a selector. For request/reply traffic where the
 * answer usually arrives within microseconds, this saves the scheduler wake-up on each reply,
 * which dominates a round trip.
 *
 * <p>Threading: one reader and one writer at a time; {@link #close()} from any thread wakes both.
 */
public final class SpinningChannel implements ByteChannel {
    private final SocketChannel socket;
    private final Selector readSelector;
    private final Selector writeSelector;
    private static final long BUSY_SPIN_NANOS = Long.getLong("mp4j.managerBusySpinMicros", 5) * 1_000;
    private final long spinNanos;

    public SpinningChannel(SocketChannel socket, long spinNanos) throws IOException {
        this.socket = socket;
        this.spinNanos = spinNanos;
        socket.configureBlocking(false);
        readSelector = Selector.open();
        writeSelector = Selector.open();
        socket.register(readSelector, SelectionKey.OP_READ);
        socket.register(writeSelector, SelectionKey.OP_WRITE);
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int n = socket.read(destination);
        if (n != 0 || !destination.hasRemaining()) {
            return n;
        }
        long start = System.nanoTime();
        long now = start;
        while (now - start < spinNanos) {
            if (now - start < BUSY_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                // past a few microseconds, yield: when cores are oversubscribed the peer we wait for gets the CPU
                Thread.yield();
            }
            n = socket.read(destination);
            if (n != 0) {
                return n;
            }
            now = System.nanoTime();
        }
        while (true) {
            await(readSelector);
            n = socket.read(destination);
            if (n != 0) {
                return n;
            }
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int total = 0;
        while (source.hasRemaining()) {
            int n = socket.write(source);
            total += n;
            if (n == 0) {
                await(writeSelector);
            }
        }
        return total;
    }

    private void await(Selector selector) throws IOException {
        if (!socket.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        try {
            selector.select();
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        if (!socket.isOpen()) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new java.nio.channels.ClosedByInterruptException();
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
