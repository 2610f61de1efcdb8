package dev.mp4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One end of a message channel between processes: Python's
 * {@code multiprocessing.connection.Connection}. Returned by {@code Pipe} (both ends) and by
 * {@code Listener.accept()} / {@code Client.connect()}.
 *
 * <p>Objects go through mp4j's codec (allow-listed deserialization); byte messages are sent as
 * they are. {@code recv} on a connection whose other end is closed, once every message sent before
 * the close has been received, throws {@link EOFException}.
 *
 * <p>Threading: one thread may send while another receives; concurrent senders (or concurrent
 * receivers) must synchronize, as in Python.
 */
public interface Connection extends AutoCloseable, Waitable {

    /** Sends an object. */
    void send(Object value) throws IOException;

    /** Blocks until an object arrives. @throws EOFException when the other end is closed and drained */
    Object recv() throws IOException;

    /** Sends {@code length} bytes of {@code bytes} starting at {@code offset} as one message. */
    void sendBytes(byte[] bytes, int offset, int length) throws IOException;

    default void sendBytes(byte[] bytes) throws IOException {
        sendBytes(bytes, 0, bytes.length);
    }

    /** Blocks until a byte message arrives. @throws EOFException when the other end is closed and drained */
    byte[] recvBytes() throws IOException;

    /**
     * Receives a byte message into {@code buffer} at {@code offset}, returning its length.
     *
     * @throws BufferTooShortException when the message does not fit (the message is then carried
     *     by the exception, as Python does)
     */
    int recvBytesInto(byte[] buffer, int offset) throws IOException;

    /** True when data (or EOF) can be received without blocking; waits up to {@code timeout}. */
    boolean poll(Duration timeout) throws IOException;

    /** Non-blocking {@link #poll(Duration)}. */
    default boolean poll() throws IOException {
        return poll(Duration.ZERO);
    }

    boolean isClosed();

    /** True when {@link #recv()} would not block: a message or EOF is there, or this end is closed. */
    @Override
    default boolean isReady() {
        if (isClosed()) {
            return true;
        }
        try {
            return poll(Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot poll " + this + ": " + e.getMessage(), e);
        }
    }

    boolean isReadable();

    /**
     * Passes {@code handle} to the process at the other end (Python's {@code send_handle}): it
     * receives its own descriptor for the same open file with {@link #recvHandle()}. Returns once
     * the offer is sent; {@code handle} may be closed at once. The other end must call
     * {@code recvHandle()} within 60 seconds ({@code -Dmp4j.handleOfferSeconds}), and run on this
     * machine as the same user.
     */
    default void sendHandle(FileHandle handle) throws IOException {
        dev.mp4j.internal.connection.HandlePassing.send(this, handle.fd());
    }

    /**
     * Receives a descriptor passed with {@link #sendHandle} (Python's {@code recv_handle}).
     *
     * @throws IOException when the next message is not a handle (it is dropped) or the sender cannot
     *     be reached
     */
    default FileHandle recvHandle() throws IOException {
        return FileHandle.adopt(dev.mp4j.internal.connection.HandlePassing.receive(this));
    }

    /**
     * The descriptor of the OS object this connection runs on (Python's {@code fileno()}), valid
     * while it is open; for passing to native code. A {@link Pipe} lives in shared memory and has
     * none.
     *
     * @throws UnsupportedOperationException for a connection without a descriptor
     */
    default int fileno() throws IOException {
        throw new UnsupportedOperationException("this connection (" + this + ") lives in shared memory and has no"
                + " file descriptor; a Listener/Client connection has one, and sendHandle() passes descriptors over any");
    }

    boolean isWritable();

    @Override
    void close();
}
