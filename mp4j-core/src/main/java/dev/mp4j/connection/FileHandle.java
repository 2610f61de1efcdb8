package dev.mp4j.connection;

import dev.mp4j.internal.connection.NativeIo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An OS file descriptor this process owns: what {@link Connection#sendHandle} passes to another
 * process and {@link Connection#recvHandle} returns (Python's handles in
 * {@code multiprocessing.reduction}). The receiver gets its own descriptor for the same open file
 * (same file offset, same flags), whether the file is a regular file, also one since deleted, a pipe
 * or a socket.
 *
 * <pre>{@code
 * try (FileHandle log = FileHandle.open(Path.of("app.log"), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
 *     conn.sendHandle(log);                 // the other process gets the open file
 * }
 * try (FileHandle received = conn.recvHandle()) {
 *     received.write(ByteBuffer.wrap("hello\n".getBytes()));
 * }
 * }</pre>
 *
 * <p>Reads and writes go straight to the descriptor ({@code read(2)}, {@code write(2)}); they block
 * as the descriptor does. {@link #openChannel} reopens a file or pipe as a JDK {@link FileChannel}.
 * Descriptors are close-on-exec. Linux only. Thread-safe; {@link #close()} is idempotent.
 */
public final class FileHandle implements ByteChannel {
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileHandle(int fd) {
        this.fd = fd;
    }

    /** Adopts a descriptor received from another process. */
    static FileHandle adopt(int fd) {
        return new FileHandle(fd);
    }

    /**
     * Opens {@code path} ({@code open(2)}) with {@link StandardOpenOption}s: READ (the default),
     * WRITE, APPEND, CREATE, CREATE_NEW, TRUNCATE_EXISTING. A created file has mode 0600.
     *
     * @param path    the file
     * @param options how to open it
     * @return the handle, which the caller closes
     * @throws IOException when the file cannot be opened (the message carries {@code errno}'s text)
     * @throws IllegalArgumentException for an option not listed above
     */
    public static FileHandle open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        boolean write = set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND);
        boolean read = set.contains(StandardOpenOption.READ) || !write;
        int flags = (read && write ? NativeIo.O_RDWR : write ? NativeIo.O_WRONLY : NativeIo.O_RDONLY) | NativeIo.O_CLOEXEC;
        for (OpenOption option : options) {
            if (!(option instanceof StandardOpenOption standard)) {
                throw new IllegalArgumentException("unsupported open option " + option);
            }
            flags |= switch (standard) {
                case READ, WRITE -> 0;
                case APPEND -> NativeIo.O_APPEND;
                case CREATE -> NativeIo.O_CREAT;
                case CREATE_NEW -> NativeIo.O_CREAT | NativeIo.O_EXCL;
                case TRUNCATE_EXISTING -> NativeIo.O_TRUNC;
                default -> throw new IllegalArgumentException("unsupported open option " + option
                        + ": use READ, WRITE, APPEND, CREATE, CREATE_NEW or TRUNCATE_EXISTING");
            };
        }
        return new FileHandle(NativeIo.open(path.toAbsolutePath(), flags, 0600));
    }

    /**
     * A new descriptor for the open file behind {@code fd} ({@code dup(2)}), e.g. 1 for this
     * process's stdout; to pass a descriptor this process got elsewhere.
     *
     * @param fd an open descriptor of this process
     * @return the handle of the new descriptor, which the caller closes
     * @throws IOException when {@code fd} is not open
     */
    public static FileHandle duplicate(int fd) throws IOException {
        return new FileHandle(NativeIo.dup(fd));
    }

    /**
     * The descriptor number (Python's {@code fileno()}), valid until {@link #close()}.
     *
     * @return the number
     * @throws IllegalStateException when the handle is closed
     */
    public int fd() {
        checkOpen();
        return fd;
    }

    /**
     * Reads up to {@code destination.remaining()} bytes with one {@code read(2)}, blocking as the
     * descriptor does.
     *
     * @param destination where the bytes go
     * @return the number of bytes read, or -1 at end of file
     * @throws java.nio.channels.ClosedChannelException when the handle is closed
     * @throws IOException when {@code read(2)} fails
     */
    @Override
    public int read(ByteBuffer destination) throws IOException {
        checkOpenIo();
        int wanted = destination.remaining();
        if (wanted == 0) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(wanted);
            int n = NativeIo.read(fd, buffer, wanted);
            if (n == 0) {
                return -1;
            }
            destination.put(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            return n;
        }
    }

    /**
     * Writes the bytes remaining in {@code source} with one {@code write(2)}, which may write
     * fewer (on a pipe or socket); blocks as the descriptor does.
     *
     * @param source the bytes; its position advances by the number written
     * @return the number of bytes written
     * @throws java.nio.channels.ClosedChannelException when the handle is closed
     * @throws IOException when {@code write(2)} fails
     */
    @Override
    public int write(ByteBuffer source) throws IOException {
        checkOpenIo();
        int length = source.remaining();
        byte[] bytes = new byte[length];
        source.get(source.position(), bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            int n = NativeIo.write(fd, buffer, length);
            source.position(source.position() + n);
            return n;
        }
    }

    /**
     * Opens the file or pipe behind this descriptor as a JDK channel, through
     * {@code /proc/self/fd/N}: a new open file (its own offset), with {@code options} (default
     * READ); not possible for a socket.
     *
     * @param options how to open it
     * @return the channel, which the caller closes; independent of this handle
     * @throws IOException when the descriptor cannot be reopened (a socket, or a file without
     *         permission for {@code options})
     * @throws IllegalStateException when the handle is closed
     */
    public FileChannel openChannel(OpenOption... options) throws IOException {
        return FileChannel.open(Path.of("/proc/self/fd/" + fd()), options);
    }

    /**
     * Whether the descriptor is still open.
     *
     * @return true until {@link #close()}
     */
    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /** Closes the descriptor ({@code close(2)}). Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            NativeIo.close(fd);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("file handle " + fd + " is closed");
        }
    }

    private void checkOpenIo() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "FileHandle[fd=" + fd + (closed.get() ? ", closed" : "") + "]";
    }
}
