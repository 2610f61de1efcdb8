package dev.mp4j.internal.connection;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The few libc calls the JDK has no API for, through FFM downcalls on Linux x86-64: raw file
 * descriptors ({@code open}, {@code dup}, {@code read}, {@code write}, {@code close}), Unix stream
 * sockets with {@code SCM_RIGHTS} descriptor passing ({@code sendmsg}/{@code recvmsg}), and the
 * socket queries that identify a descriptor ({@code getsockopt}, {@code getsockname},
 * {@code getpeername}). Every call captures {@code errno}; failures become {@link IOException}s
 * naming the call and the error.
 *
 * <p>Blocking calls ({@code accept}, {@code recvmsg}) are only made once {@link #poll} says they
 * will not block, in bounded slices, so a waiting thread notices interrupts and deadlines. A
 * virtual thread in a downcall pins its carrier for the call's duration, which the slices bound.
 * Stateless and thread-safe.
 */
public final class NativeIo {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SCM_RIGHTS = 1;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    private static final int SOCKADDR_UN_BYTES = 110;
    private static final int MAX_PATH_BYTES = 107;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(INT, PTR, INT, INT), 2);
    private static final MethodHandle DUP = downcall("dup", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(INT, INT, LONG), -1);
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(LONG, INT, PTR, LONG), -1);
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(LONG, INT, PTR, LONG), -1);
    /** read/write straight into or out of a Java array: no copy through native memory (short calls only). */
    private static final MethodHandle READ_HEAP = criticalDowncall("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle WRITE_HEAP = criticalDowncall("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(INT, INT, INT, INT), -1);
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(INT, INT, PTR, INT), -1);
    private static final MethodHandle LISTEN = downcall("listen", FunctionDescriptor.of(INT, INT, INT), -1);
    private static final MethodHandle ACCEPT4 = downcall("accept4", FunctionDescriptor.of(INT, INT, PTR, PTR, INT), -1);
    private static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(INT, INT, PTR, INT), -1);
    private static final MethodHandle SENDMSG = downcall("sendmsg", FunctionDescriptor.of(LONG, INT, PTR, INT), -1);
    private static final MethodHandle RECVMSG = downcall("recvmsg", FunctionDescriptor.of(LONG, INT, PTR, INT), -1);
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(INT, PTR, LONG, INT), -1);
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, PTR), -1);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname", FunctionDescriptor.of(INT, INT, PTR, PTR), -1);
    private static final MethodHandle GETPEERNAME = downcall("getpeername", FunctionDescriptor.of(INT, INT, PTR, PTR), -1);

    private NativeIo() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, int firstVariadic) {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException("file descriptors and handle passing need Linux on x86-64; this JVM"
                    + " runs on " + os + "/" + arch);
        }
        SymbolLookup libc = LINKER.defaultLookup();
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no '" + name + "'"));
        return firstVariadic < 0
                ? LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"))
                : LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static MethodHandle criticalDowncall(String name, FunctionDescriptor descriptor) {
        downcall(name, descriptor, -1); // the platform check
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.critical(true), Linker.Option.captureCallState("errno"));
    }

    private static IOException failure(String call, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new IOException(call + " failed: " + describe(errno) + " (errno " + errno + ")");
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 9 -> "bad file descriptor";
            case 11 -> "resource temporarily unavailable";
            case 13 -> "permission denied";
            case 17 -> "file exists";
            case 20 -> "not a directory";
            case 21 -> "is a directory";
            case 24 -> "too many open files";
            case 32 -> "broken pipe";
            case 88 -> "not a socket";
            case 98 -> "address already in use";
            case 104 -> "connection reset by peer";
            case 107 -> "not connected";
            case 111 -> "connection refused";
            default -> "error";
        };
    }

    private static RuntimeException unexpected(Throwable t) {
        return new IllegalStateException("native call failed: " + t, t);
    }

    /** A downcall sequence with a confined arena and a captured-errno buffer. */
    @FunctionalInterface
    private interface Call<T> {
        T run(Arena arena, MemorySegment state) throws Throwable;
    }

    private static <T> T call(Call<T> body) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return body.run(arena, arena.allocate(CALL_STATE));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link #call} for queries that cannot fail with an {@link IOException}. */
    private static <T> T query(Call<T> body) {
        try {
            return call(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- plain descriptors

    public static int open(Path path, int flags, int mode) throws IOException {
        return call((arena, state) -> {
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString(), StandardCharsets.UTF_8), flags, mode);
            if (fd < 0) {
                if ((int) ERRNO.get(state, 0L) == 2) {
                    throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or directory");
                }
                throw failure("open(" + path + ")", state);
            }
            return fd;
        });
    }

    public static int dup(int fd) throws IOException {
        return call((arena, state) -> {
            int copy = (int) DUP.invokeExact(state, fd);
            if (copy < 0) {
                throw failure("dup(" + fd + ")", state);
            }
            return copy;
        });
    }

    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Reads up to {@code length} bytes into {@code buffer}; 0 at end of file. Retries on EINTR. */
    public static int read(int fd, MemorySegment buffer, long length) throws IOException {
        return call((arena, state) -> {
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buffer, length);
                if (n >= 0) {
                    return (int) n;
                }
                if ((int) ERRNO.get(state, 0L) != EINTR) {
                    throw failure("read(fd " + fd + ")", state);
                }
            }
        });
    }

    /** Writes up to {@code length} bytes; returns how many were written. Retries on EINTR. */
    public static int write(int fd, MemorySegment buffer, long length) throws IOException {
        return call((arena, state) -> {
            while (true) {
                long n = (long) WRITE.invokeExact(state, fd, buffer, length);
                if (n >= 0) {
                    return (int) n;
                }
                if ((int) ERRNO.get(state, 0L) != EINTR) {
                    throw failure("write(fd " + fd + ")", state);
                }
            }
        });
    }

    /** Creates {@code path} (mode 0600, it must not exist) holding {@code length} bytes of {@code bytes} from {@code offset}. */
    public static void createFile(Path path, byte[] bytes, int offset, int length) throws IOException {
        writeFile(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, bytes, offset, length);
    }

    /**
     * Replaces the content of the existing file {@code path} with {@code length} bytes of
     * {@code bytes} from {@code offset}, in place: the file's pages are reused, not allocated anew.
     */
    public static void overwriteFile(Path path, byte[] bytes, int offset, int length) throws IOException {
        writeFile(path, O_WRONLY | O_CLOEXEC, bytes, offset, length);
    }

    private static void writeFile(Path path, int flags, byte[] bytes, int offset, int length) throws IOException {
        int fd = open(path, flags, 0600);
        try {
            call((arena, state) -> {
                MemorySegment source = MemorySegment.ofArray(bytes);
                long done = 0;
                while (done < length) {
                    long n = (long) WRITE_HEAP.invokeExact(state, fd, source.asSlice(offset + done), length - done);
                    if (n < 0 && (int) ERRNO.get(state, 0L) != EINTR) {
                        throw failure("write(" + path + ")", state);
                    }
                    done += Math.max(0, n);
                }
                if ((int) FTRUNCATE.invokeExact(state, fd, (long) length) < 0) {
                    throw failure("ftruncate(" + path + ")", state);
                }
                return null;
            });
        } finally {
            close(fd);
        }
    }

    /**
     * The whole content of {@code path}, refused before allocation when it is over {@code maxBytes}.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     */
    public static byte[] readFile(Path path, long maxBytes) throws IOException {
        int fd = open(path, O_RDONLY | O_CLOEXEC, 0);
        try {
            long size = java.nio.file.Files.size(Path.of("/proc/self/fd/" + fd));
            if (size > maxBytes) {
                throw new IOException(path + " holds " + size + " bytes, over the " + maxBytes + "-byte limit");
            }
            byte[] content = new byte[(int) size];
            return call((arena, state) -> {
                MemorySegment target = MemorySegment.ofArray(content);
                long done = 0;
                while (done < size) {
                    long n = (long) READ_HEAP.invokeExact(state, fd, target.asSlice(done), size - done);
                    if (n < 0 && (int) ERRNO.get(state, 0L) != EINTR) {
                        throw failure("read(" + path + ")", state);
                    }
                    if (n == 0) {
                        throw new IOException(path + " ended after " + done + " of " + size + " bytes");
                    }
                    done += Math.max(0, n);
                }
                return content;
            });
        } finally {
            close(fd);
        }
    }

    // ---- Unix sockets

    private static MemorySegment sockaddr(Arena arena, Path path) throws IOException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IOException("Unix socket path too long (" + bytes.length + " bytes, at most " + MAX_PATH_BYTES + "): " + path);
        }
        MemorySegment address = arena.allocate(SOCKADDR_UN_BYTES, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
        return address;
    }

    /** A listening Unix stream socket bound to {@code path} (close-on-exec). */
    public static int listenUnix(Path path) throws IOException {
        return call((arena, state) -> {
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket", state);
            }
            try {
                if ((int) BIND.invokeExact(state, fd, sockaddr(arena, path), SOCKADDR_UN_BYTES) < 0) {
                    throw failure("bind(" + path + ")", state);
                }
                if ((int) LISTEN.invokeExact(state, fd, 1) < 0) {
                    throw failure("listen", state);
                }
                return fd;
            } catch (IOException | RuntimeException e) {
                close(fd);
                throw e;
            }
        });
    }

    /** Accepts one connection on a listening socket that {@link #poll} said is ready. */
    public static int accept(int listener) throws IOException {
        return call((arena, state) -> {
            int fd = (int) ACCEPT4.invokeExact(state, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
            if (fd < 0) {
                throw failure("accept", state);
            }
            return fd;
        });
    }

    /** A Unix stream socket connected to {@code path}. */
    public static int connectUnix(Path path) throws IOException {
        return call((arena, state) -> {
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket", state);
            }
            if ((int) CONNECT.invokeExact(state, fd, sockaddr(arena, path), SOCKADDR_UN_BYTES) < 0) {
                IOException e = failure("connect(" + path + ")", state);
                close(fd);
                throw e;
            }
            return fd;
        });
    }

    /** Waits at most {@code timeoutMillis} for {@code fd} to be readable (or closed); true when it is. */
    public static boolean poll(int fd, int timeoutMillis) throws IOException {
        return call((arena, state) -> {
            MemorySegment pollfd = arena.allocate(8, 4);
            pollfd.set(INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            int n = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
            if (n < 0) {
                if ((int) ERRNO.get(state, 0L) == EINTR) {
                    return false;
                }
                throw failure("poll", state);
            }
            return n > 0;
        });
    }

    /** Sends one byte {@code marker} with a copy of {@code fdToPass} attached ({@code SCM_RIGHTS}). */
    public static void sendDescriptor(int socket, int fdToPass, byte marker) throws IOException {
        call((arena, state) -> {
            MemorySegment data = arena.allocate(1);
            data.set(ValueLayout.JAVA_BYTE, 0, marker);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(PTR, 0, data);
            iov.set(LONG, 8, 1L);
            MemorySegment control = arena.allocate(24, 8);
            control.set(LONG, 0, 20L);              // cmsg_len = CMSG_LEN(sizeof(int))
            control.set(INT, 8, SOL_SOCKET);        // cmsg_level
            control.set(INT, 12, SCM_RIGHTS);       // cmsg_type
            control.set(INT, 16, fdToPass);
            MemorySegment message = arena.allocate(56, 8);
            message.set(PTR, 16, iov);
            message.set(LONG, 24, 1L);
            message.set(PTR, 32, control);
            message.set(LONG, 40, 24L);             // CMSG_SPACE(sizeof(int))
            while (true) {
                long sent = (long) SENDMSG.invokeExact(state, socket, message, 0);
                if (sent == 1) {
                    return null;
                }
                if (sent >= 0 || (int) ERRNO.get(state, 0L) != EINTR) {
                    throw failure("sendmsg", state);
                }
            }
        });
    }

    /**
     * Receives one byte and the descriptor attached to it (close-on-exec).
     *
     * @throws IOException when the peer closed first or sent no descriptor
     */
    public static int receiveDescriptor(int socket, byte expectedMarker) throws IOException {
        return call((arena, state) -> {
            MemorySegment data = arena.allocate(1);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(PTR, 0, data);
            iov.set(LONG, 8, 1L);
            MemorySegment control = arena.allocate(24, 8);
            MemorySegment message = arena.allocate(56, 8);
            message.set(PTR, 16, iov);
            message.set(LONG, 24, 1L);
            message.set(PTR, 32, control);
            message.set(LONG, 40, 24L);
            long received;
            while (true) {
                received = (long) RECVMSG.invokeExact(state, socket, message, MSG_CMSG_CLOEXEC);
                if (received >= 0 || (int) ERRNO.get(state, 0L) != EINTR) {
                    break;
                }
            }
            if (received < 0) {
                throw failure("recvmsg", state);
            }
            long controlLength = message.get(LONG, 40);
            boolean attached = controlLength >= 20 && control.get(LONG, 0) >= 20
                    && control.get(INT, 8) == SOL_SOCKET && control.get(INT, 12) == SCM_RIGHTS;
            if (received != 1 || data.get(ValueLayout.JAVA_BYTE, 0) != expectedMarker || !attached) {
                if (attached) {
                    close(control.get(INT, 16));
                }
                throw new IOException("the sender closed the handle channel without passing a descriptor");
            }
            return control.get(INT, 16);
        });
    }

    /** Writes all of {@code bytes} to {@code fd}. */
    public static void writeFully(int fd, byte[] bytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long done = 0;
            while (done < bytes.length) {
                done += write(fd, buffer.asSlice(done), bytes.length - done);
            }
        }
    }

    /** Reads exactly {@code n} bytes, or fewer if the peer closed first. */
    public static byte[] readUpTo(int fd, int n) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(n);
            int done = 0;
            while (done < n) {
                int got = read(fd, buffer.asSlice(done), n - done);
                if (got == 0) {
                    break;
                }
                done += got;
            }
            return buffer.asSlice(0, done).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    // ---- identifying a socket

    /** {@code SO_RCVBUF} of a socket descriptor, or -1 when it is not a socket. */
    static int receiveBufferSize(int fd) {
        return query((arena, state) -> {
            MemorySegment value = arena.allocate(INT);
            MemorySegment length = arena.allocate(INT);
            length.set(INT, 0, 4);
            int result = (int) GETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUF, value, length);
            return result < 0 ? -1 : value.get(INT, 0);
        });
    }

    /** The raw local ({@code peer} false) or peer address of a socket, or null when it has none. */
    static byte[] socketAddress(int fd, boolean peer) {
        return query((arena, state) -> {
            MemorySegment address = arena.allocate(128, 8);
            MemorySegment length = arena.allocate(INT);
            length.set(INT, 0, 128);
            int result = peer ? (int) GETPEERNAME.invokeExact(state, fd, address, length)
                    : (int) GETSOCKNAME.invokeExact(state, fd, address, length);
            if (result < 0) {
                return null;
            }
            return address.asSlice(0, Math.min(128, length.get(INT, 0))).toArray(ValueLayout.JAVA_BYTE);
        });
    }
}
