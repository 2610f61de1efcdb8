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

    /**
     * Sends an object (Python's {@code send(obj)}): it is serialized with mp4j's codec and
     * received whole by one {@link #recv()} at the other end. Blocks while the channel is full.
     *
     * @param value the object, serializable (null is allowed)
     * @throws IOException when this end is closed or receive-only, or the other end is closed
     *         (Python's {@code BrokenPipeError})
     * @throws dev.mp4j.SerializationException when {@code value} cannot be serialized (on a
     *         {@link SocketConnection}, an {@link IllegalArgumentException} whose cause is that
     *         exception)
     * @throws IllegalArgumentException when the encoded value is larger than the message limit
     *         of a {@link Pipe} ({@code -Dmp4j.maxFrameBytes})
     * @throws FrameTooLargeException when the encoded value is larger than the frame limit of a
     *         socket connection
     */
    void send(Object value) throws IOException;

    /**
     * Blocks until an object arrives and returns it (Python's {@code recv()}).
     *
     * @return the object sent, or null when null was sent
     * @throws EOFException when the other end is closed and every message sent before was received
     * @throws dev.mp4j.SerializationException when the message cannot be deserialized here (a
     *         class missing from this JVM, refused by {@link dev.mp4j.Serialization}, or malformed
     *         bytes); the message is consumed
     * @throws java.io.InterruptedIOException when the calling thread is interrupted while waiting
     * @throws IOException when this end is closed or send-only, or the channel fails
     */
    Object recv() throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} starting at {@code offset} as one message, as
     * they are (Python's {@code send_bytes(buf, offset, size)}).
     *
     * @param bytes  the buffer
     * @param offset where the message starts in {@code bytes}
     * @param length the message's length
     * @throws IndexOutOfBoundsException when the range lies outside {@code bytes}
     * @throws IOException when this end is closed or receive-only, the other end is closed, or the
     *         message is larger than a socket connection's frame limit
     *         ({@link FrameTooLargeException})
     * @throws IllegalArgumentException when the message is larger than a {@link Pipe}'s limit
     */
    void sendBytes(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Sends all of {@code bytes} as one message (Python's {@code send_bytes(buf)}); as
     * {@link #sendBytes(byte[], int, int)}.
     *
     * @param bytes the message
     * @throws IOException as {@link #sendBytes(byte[], int, int)} throws it
     */
    default void sendBytes(byte[] bytes) throws IOException {
        sendBytes(bytes, 0, bytes.length);
    }

    /**
     * Blocks until a message arrives and returns its bytes (Python's {@code recv_bytes()}).
     *
     * @return the message; for a message sent with {@link #send}, its encoded form
     * @throws EOFException when the other end is closed and every message sent before was received
     * @throws java.io.InterruptedIOException when the calling thread is interrupted while waiting
     * @throws IOException when this end is closed or send-only, or the channel fails
     */
    byte[] recvBytes() throws IOException;

    /**
     * Receives a byte message into {@code buffer} at {@code offset} (Python's
     * {@code recv_bytes_into(buffer, offset)}).
     *
     * @param buffer where to copy the message
     * @param offset where in {@code buffer} the message starts
     * @return the message's length
     * @throws BufferTooShortException when the message does not fit (the message is then carried
     *     by the exception, as Python does)
     * @throws EOFException when the other end is closed and every message sent before was received
     * @throws IndexOutOfBoundsException when {@code offset} lies outside {@code buffer}
     * @throws IOException when this end is closed or send-only, or the channel fails
     */
    int recvBytesInto(byte[] buffer, int offset) throws IOException;

    /**
     * Waits up to {@code timeout} until a message (or EOF) can be received without blocking
     * (Python's {@code poll(timeout)}).
     *
     * @param timeout how long to wait; zero checks without waiting
     * @return true when {@link #recv()} would not block
     * @throws IOException when this end is closed or send-only
     * @throws NullPointerException when {@code timeout} is null
     */
    boolean poll(Duration timeout) throws IOException;

    /**
     * Whether a message (or EOF) can be received without blocking, checked without waiting
     * (Python's {@code poll()}).
     *
     * @return true when {@link #recv()} would not block
     * @throws IOException when this end is closed or send-only
     */
    default boolean poll() throws IOException {
        return poll(Duration.ZERO);
    }

    /**
     * Whether this end was closed (Python's {@code closed}).
     *
     * @return true after {@link #close()}
     */
    boolean isClosed();

    /**
     * Whether {@link #recv()} would not block: a message or EOF is there, or this end is closed.
     *
     * @return true when ready
     * @throws UncheckedIOException when polling fails
     */
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

    /**
     * Whether this end can receive (Python's {@code readable}).
     *
     * @return false only for the sending end of a one-way {@link Pipe}
     */
    boolean isReadable();

    /**
     * Passes {@code handle} to the process at the other end (Python's {@code send_handle}): it
     * receives its own descriptor for the same open file with {@link #recvHandle()}. Returns once
     * the offer is sent; {@code handle} may be closed at once. The other end must call
     * {@code recvHandle()} within 60 seconds ({@code -Dmp4j.handleOfferSeconds}), and run on this
     * machine as the same user.
     *
     * @param handle the open descriptor to pass
     * @throws IOException when the offer cannot be sent (this end or the other is closed)
     * @throws IllegalStateException when {@code handle} is closed
     */
    default void sendHandle(FileHandle handle) throws IOException {
        dev.mp4j.internal.connection.HandlePassing.send(this, handle.fd());
    }

    /**
     * Receives a descriptor passed with {@link #sendHandle} (Python's {@code recv_handle}).
     *
     * @return this process's own descriptor for the same open file, which the caller closes
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
     * @return the descriptor number
     * @throws IOException when this end is closed
     * @throws UnsupportedOperationException for a connection without a descriptor
     */
    default int fileno() throws IOException {
        throw new UnsupportedOperationException("this connection (" + this + ") lives in shared memory and has no"
                + " file descriptor; a Listener/Client connection has one, and sendHandle() passes descriptors over any");
    }

    /**
     * Whether this end can send (Python's {@code writable}).
     *
     * @return false only for the receiving end of a one-way {@link Pipe}
     */
    boolean isWritable();

    /**
     * Closes this end (Python's {@code close()}); afterwards every other method but
     * {@link #isClosed()}, {@link #isReady()}, {@link #isReadable()} and {@link #isWritable()}
     * throws an {@link IOException}. The other end reads the messages already sent, then gets
     * {@link EOFException} once no process holds this end any more. Idempotent.
     */
    @Override
    void close();
}
