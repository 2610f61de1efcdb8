package dev.mp4j.internal.pipe;

import dev.mp4j.connection.BufferTooShortException;
import dev.mp4j.connection.Connection;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.queue.ItemCodec;
import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a shared-memory {@code Pipe}. A message is {@code [int length][bytes]} in the byte
 * ring this end writes; objects are codec-encoded first. Messages longer than the ring stream
 * through it. See {@link PipeSegment} for the layout and the wake-up protocol.
 *
 * <p>A receiver with nothing to read spins briefly before it sleeps, which keeps a request/reply
 * round trip free of system calls when the peer answers at once.
 *
 * <p>Senders on one end (threads or processes) are serialized by the ring's writer mutex, and
 * receivers by its reader mutex, so sharing an end is safe. The per-instance position caches are
 * only touched under those mutexes. A dropped, unclosed end is closed by a cleaner.
 */
public final class PipeConnection implements Connection, Serializable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** Polls before sleeping: a peer that answers within microseconds costs no system call. */
    private static final int SPINS = 500;
    /** Longest message either end sends or accepts: a lying header is refused before allocation. */
    private static final int MAX_MESSAGE_BYTES = FrameChannel.DEFAULT_MAX_FRAME_BYTES;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final transient PipeSegment pipe;
    private final transient MemorySegment memory;
    private final transient int end;
    private final transient boolean readable;
    private final transient boolean writable;
    private final transient long capacity;
    private final transient long readHeader;
    private final transient long readData;
    private final transient long writeHeader;
    private final transient long writeData;
    private final transient RobustMutex readerMutex;
    private final transient RobustMutex writerMutex;
    private final transient Cleaner.Cleanable cleanable;
    private transient volatile boolean closed;
    private transient long headCache;
    private transient long tailCache;

    private PipeConnection(PipeSegment pipe, int end, boolean readable, boolean writable) {
        this.pipe = pipe;
        this.memory = pipe.memory;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
        this.capacity = pipe.capacity;
        this.readHeader = PipeSegment.ringHeader(1 - end);
        this.readData = pipe.ringData(1 - end);
        this.writeHeader = PipeSegment.ringHeader(end);
        this.writeData = pipe.ringData(end);
        this.readerMutex = new RobustMutex(memory, readHeader + PipeSegment.READER_MUTEX);
        this.writerMutex = new RobustMutex(memory, writeHeader + PipeSegment.WRITER_MUTEX);
        this.headCache = Words.getLong(memory, writeHeader + PipeSegment.HEAD);
        this.tailCache = Words.getLong(memory, readHeader + PipeSegment.TAIL);
        this.cleanable = CLEANER.register(this, new Detach(pipe, end));
    }

    /** The two ends of a new pipe: for a one-way pipe the first only receives and the second only sends. */
    public static Connection[] createPair(boolean duplex) {
        PipeSegment pipe = PipeSegment.create(duplex, PipeSegment.DEFAULT_CAPACITY);
        pipe.attach(0, 0);
        pipe.attach(1, 0);
        return new Connection[]{new PipeConnection(pipe, 0, true, duplex), new PipeConnection(pipe, 1, duplex, true)};
    }

    // ---- sending

    @Override
    public void send(Object value) throws IOException {
        checkWritable();
        BytesOutput encoded = ItemCodec.encode(value);
        byte[] record = encoded.array();
        int length = encoded.size() - 4;
        checkMessageLength(length);
        record[0] = (byte) (length >>> 24);
        record[1] = (byte) (length >>> 16);
        record[2] = (byte) (length >>> 8);
        record[3] = (byte) length;
        writeMessage(record, 0, encoded.size(), null, 0, 0);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkWritable();
        checkMessageLength(length);
        byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        writeMessage(header, 0, 4, bytes, offset, length);
    }

    /** As a socket connection does, a message over the limit is refused with nothing sent, the pipe usable. */
    private static void checkMessageLength(int length) throws dev.mp4j.connection.FrameTooLargeException {
        if (length > MAX_MESSAGE_BYTES) {
            throw new dev.mp4j.connection.FrameTooLargeException("a message of " + length + " bytes exceeds the pipe limit of "
                    + MAX_MESSAGE_BYTES + " bytes (raise it with -Dmp4j.maxFrameBytes on both ends)");
        }
    }

    private void writeMessage(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset,
                              int secondLength) throws IOException {
        lock(writerMutex);
        try {
            if (pipe.closedFlag(1 - end)) {
                throw brokenPipe();
            }
            long tail = Words.getLongPlain(memory, writeHeader + PipeSegment.TAIL);
            tail = copyIn(tail, first, firstOffset, firstLength);
            if (second != null) {
                tail = copyIn(tail, second, secondOffset, secondLength);
            }
            publishTail(tail);
        } finally {
            writerMutex.unlock();
        }
    }

    private long copyIn(long tail, byte[] source, int offset, int length) throws IOException {
        while (length > 0) {
            long space = capacity - (tail - headCache);
            if (space == 0) {
                headCache = Words.getLong(memory, writeHeader + PipeSegment.HEAD);
                space = capacity - (tail - headCache);
                if (space == 0) {
                    publishTail(tail);
                    awaitSpace(tail);
                    continue;
                }
            }
            int n = (int) Math.min(space, length);
            long at = tail % capacity;
            int first = (int) Math.min(n, capacity - at);
            MemorySegment.copy(source, offset, memory, ValueLayout.JAVA_BYTE, writeData + at, first);
            if (first < n) {
                MemorySegment.copy(source, offset + first, memory, ValueLayout.JAVA_BYTE, writeData, n - first);
            }
            tail += n;
            offset += n;
            length -= n;
        }
        return tail;
    }

    private void publishTail(long tail) {
        Words.setLong(memory, writeHeader + PipeSegment.TAIL, tail);
        if (Words.getInt(memory, writeHeader + PipeSegment.READER_SLEEPING) != 0) {
            Futex.wake(memory, writeHeader + PipeSegment.TAIL, 1);
        }
    }

    private void awaitSpace(long tail) throws IOException {
        long lastCheck = System.nanoTime();
        long headOffset = writeHeader + PipeSegment.HEAD;
        long sleeping = writeHeader + PipeSegment.WRITER_SLEEPING;
        while (true) {
            long head = Words.getLong(memory, headOffset);
            if (capacity - (tail - head) > 0) {
                headCache = head;
                return;
            }
            checkOpen();
            long now = System.nanoTime();
            if (pipe.closedFlag(1 - end) || now - lastCheck >= Deadline.SLICE_NANOS && !pipe.isOpen(1 - end)) {
                throw brokenPipe();
            }
            if (now - lastCheck >= Deadline.SLICE_NANOS) {
                lastCheck = now;
            }
            Words.setInt(memory, sleeping, 1);
            if (Words.getLong(memory, headOffset) == head) {
                Futex.wait(memory, headOffset, (int) head, Deadline.SLICE_NANOS);
            }
            Words.setInt(memory, sleeping, 0);
            checkInterrupt();
        }
    }

    // ---- receiving

    @Override
    public Object recv() throws IOException {
        return ItemCodec.decode(recvBytes());
    }

    @Override
    public byte[] recvBytes() throws IOException {
        checkReadable();
        lock(readerMutex);
        try {
            long head = Words.getLongPlain(memory, readHeader + PipeSegment.HEAD);
            ensureAvailable(head, 4, true);
            int length = readLength(head);
            head += 4;
            if (length < 0 || length > MAX_MESSAGE_BYTES) {
                throw new IOException("corrupt pipe " + pipe.shared.name() + ": a message header announces " + length
                        + " bytes; the limit is " + MAX_MESSAGE_BYTES + " bytes (-Dmp4j.maxFrameBytes): refused before"
                        + " allocation. A process wrote into the pipe's segment outside mp4j: discard this pipe");
            }
            byte[] message = new byte[length];
            int done = 0;
            while (done < length) {
                long available = ensureAvailable(head, 1, false);
                int n = (int) Math.min(available, length - done);
                long at = head % capacity;
                int first = (int) Math.min(n, capacity - at);
                MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, readData + at, message, done, first);
                if (first < n) {
                    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, readData, message, done + first, n - first);
                }
                head += n;
                done += n;
            }
            publishHead(head);
            return message;
        } finally {
            readerMutex.unlock();
        }
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
        Objects.checkIndex(offset, buffer.length + 1);
        byte[] message = recvBytes();
        if (message.length > buffer.length - offset) {
            throw new BufferTooShortException(message, buffer.length - offset);
        }
        System.arraycopy(message, 0, buffer, offset, message.length);
        return message.length;
    }

    private int readLength(long head) {
        long at = head % capacity;
        if (at + 4 <= capacity) {
            return memory.get(BIG_ENDIAN_INT, readData + at);
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (memory.get(ValueLayout.JAVA_BYTE, readData + (head + i) % capacity) & 0xff);
        }
        return value;
    }

    /** Bytes readable at {@code head}, at least {@code needed}; waits for them or throws EOF. */
    private long ensureAvailable(long head, int needed, boolean atMessageStart) throws IOException {
        long available = tailCache - head;
        if (available >= needed) {
            return available;
        }
        tailCache = Words.getLong(memory, readHeader + PipeSegment.TAIL);
        available = tailCache - head;
        if (available >= needed) {
            return available;
        }
        publishHead(head);
        long tailOffset = readHeader + PipeSegment.TAIL;
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            long tail = Words.getLong(memory, tailOffset);
            if (tail - head >= needed) {
                tailCache = tail;
                return tail - head;
            }
        }
        long sleeping = readHeader + PipeSegment.READER_SLEEPING;
        long lastCheck = System.nanoTime();
        while (true) {
            long tail = Words.getLong(memory, tailOffset);
            if (tail - head >= needed) {
                tailCache = tail;
                return tail - head;
            }
            checkOpen();
            long now = System.nanoTime();
            boolean check = now - lastCheck >= Deadline.SLICE_NANOS;
            if (check) {
                lastCheck = now;
            }
            if (pipe.closedFlag(1 - end) || check && !pipe.isOpen(1 - end)) {
                if (Words.getLong(memory, tailOffset) - head >= needed) {
                    continue;
                }
                throw atMessageStart && tail == head ? new EOFException()
                        : new EOFException("the other end closed in the middle of a message");
            }
            Words.setInt(memory, sleeping, 1);
            if (Words.getLong(memory, tailOffset) == tail) {
                Futex.wait(memory, tailOffset, (int) tail, Deadline.SLICE_NANOS);
            }
            Words.setInt(memory, sleeping, 0);
            checkInterrupt();
        }
    }

    private void publishHead(long head) {
        Words.setLong(memory, readHeader + PipeSegment.HEAD, head);
        if (Words.getInt(memory, readHeader + PipeSegment.WRITER_SLEEPING) != 0) {
            Futex.wake(memory, readHeader + PipeSegment.HEAD, 1);
        }
    }

    @Override
    public boolean poll(Duration timeout) throws IOException {
        checkReadable();
        Deadline deadline = Deadline.after(Objects.requireNonNull(timeout, "timeout"));
        long tailOffset = readHeader + PipeSegment.TAIL;
        long headOffset = readHeader + PipeSegment.HEAD;
        boolean checked = false;
        while (true) {
            long tail = Words.getLong(memory, tailOffset);
            if (tail != Words.getLong(memory, headOffset)) {
                return true;
            }
            checkOpen();
            if (pipe.closedFlag(1 - end) || (deadline.expired() || checked) && !pipe.isOpen(1 - end)) {
                return true;
            }
            if (deadline.expired()) {
                return false;
            }
            checked = true;
            long sleeping = readHeader + PipeSegment.READER_SLEEPING;
            Words.setInt(memory, sleeping, 1);
            if (Words.getLong(memory, tailOffset) == tail) {
                Futex.wait(memory, tailOffset, (int) tail, deadline.sliceNanos());
            }
            Words.setInt(memory, sleeping, 0);
            checkInterrupt();
        }
    }

    /** Non-blocking readiness for {@code Connections.wait}: data, EOF or closed. */
    @Override
    public boolean isReady() {
        if (closed || !readable) {
            return closed;
        }
        long tail = Words.getLong(memory, readHeader + PipeSegment.TAIL);
        return tail != Words.getLong(memory, readHeader + PipeSegment.HEAD) || pipe.closedFlag(1 - end);
    }

    // ---- state

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("handle is closed");
        }
    }

    private void checkReadable() throws IOException {
        checkOpen();
        if (!readable) {
            throw new IOException("connection is write-only");
        }
    }

    private void checkWritable() throws IOException {
        checkOpen();
        if (!writable) {
            throw new IOException("connection is read-only");
        }
    }

    private IOException brokenPipe() {
        return new IOException("broken pipe: the other end of pipe " + pipe.shared.name() + " is closed");
    }

    private static void lock(RobustMutex mutex) throws IOException {
        try {
            PipeSegment.lock(mutex, Deadline.never());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the pipe");
        }
    }

    private static void checkInterrupt() throws InterruptedIOException {
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }

    @Override
    public String toString() {
        return "<Connection pipe=" + pipe.shared.name() + " end=" + end + (readable ? " r" : "") + (writable ? "w" : "")
                + (closed ? " closed" : "") + ">";
    }

    @Serial
    private Object writeReplace() throws IOException {
        checkOpen();
        pipe.handOut(end);
        return new Handle(pipe.shared.name(), end, readable, writable, RobustMutex.MY_PID);
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String pipe;
        private final int end;
        private final boolean readable;
        private final boolean writable;
        private final int senderPid;

        Handle(String pipe, int end, boolean readable, boolean writable, int senderPid) {
            this.pipe = pipe;
            this.end = end;
            this.readable = readable;
            this.writable = writable;
            this.senderPid = senderPid;
        }

        @Serial
        private Object readResolve() {
            PipeSegment opened = PipeSegment.open(pipe);
            opened.attach(end, senderPid);
            return new PipeConnection(opened, end, readable, writable);
        }
    }

    private record Detach(PipeSegment pipe, int end) implements Runnable {
        @Override
        public void run() {
            pipe.detach(end);
        }
    }
}
