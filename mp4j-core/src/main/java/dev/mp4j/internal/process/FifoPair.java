package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.runtime.LazyLogger;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.PipePairChannel;
import org.slf4j.Logger;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * The connection of a pool worker (or a spare that may become one) to this JVM over two named
 * pipes in the private run directory ({@code <token>.down}, this JVM to the child;
 * {@code <token>.up}, the child to this JVM) instead of the control socket. A child JVM's first Unix
 * socket initialises the JDK's security providers ({@code UnixDomainSockets} seeds a
 * {@code SecureRandom}) and its authkey handshake hashes: measured 20-25 ms of every pool worker's
 * start, on its critical path, and as much CPU; opening two pipes costs it about a millisecond.
 *
 * <p>Who may connect: the pipes are created mode 0600 inside the run directory (mode 0700), so only
 * this user can open them, as only this user can reach the control socket; and the child proves
 * that it read its bootstrap line (which only this JVM can write, on its stdin) by sending the
 * spawn token in its HELLO, compared in constant time. That is the control socket's guarantee
 * without the HMAC challenge, which guards against a peer that can connect but does not know the
 * secret: here, nobody but the child's own JVM can be the peer of a pipe it opened.
 *
 * <p>Lifecycle: pairs are made ahead of time, eight per {@code mkfifo} run on a background thread
 * (the JDK has no call for it; an FFM downcall would cost a cold JVM ~70 ms to link, and warn users
 * who did not enable native access), and {@link #take} hands one out (the engine makes the first
 * batch as it starts); with none in stock after a short wait, where {@code mkfifo} cannot run, or
 * with pipes turned off, the child uses the control socket. {@link #connect} runs on a thread of its own and blocks in {@code open} until the child opens its ends, then removes both files,
 * reads the HELLO and hands the channel to the {@link ChildJvm}. When the child exits first,
 * {@link #release} opens the pipes read-write (which never blocks) so that the blocked
 * {@code open} returns, and closes whatever the connector holds: no thread is left behind.
 *
 * <p>End of the connection: the child exiting closes its ends, so this JVM reads end of stream and
 * a write fails with "Broken pipe"; this JVM exiting does the same to the child. Closing the
 * channel wakes a thread blocked reading it (the reading side is a {@link FileChannel}); writes go
 * through a {@code FileOutputStream}, which an interrupt of the writing thread does not close (see
 * {@code PipePairChannel}), and a write blocked on a full pipe ends when the child reads or dies.
 *
 * <p>Threading: {@link #release} and the connector may race; they agree under this object's
 * monitor (see {@code released}, {@code connectorDone}, {@code openChannel}, {@code releaseHandles}).
 */
final class FifoPair {
    private static final Logger log = LazyLogger.of(FifoPair.class);
    /** {@code -Dmp4j.childTransport=socket} makes every child connect over the control socket. */
    private static final boolean ENABLED = !"socket".equals(System.getProperty("mp4j.childTransport", "fifo"))
            && !System.getProperty("os.name", "").startsWith("Windows");
    /** Set when {@code mkfifo} failed once: the control socket is used from then on. */
    private static volatile boolean unavailable = !ENABLED;

    private final Path down;
    private final Path up;
    private final String token;
    private boolean released;
    private boolean connectorDone;
    private FrameChannel openChannel;
    private RandomAccessFile[] releaseHandles;

    private FifoPair(Path down, Path up, String token) {
        this.down = down;
        this.up = up;
        this.token = token;
    }

    /**
     * A pair for the child with {@code token} from the stock (waiting up to 25 ms for a batch being
     * made when it is empty), or null when there is none, named pipes cannot be made here, or they
     * are turned off: the child then uses the control socket. Taking one starts a background refill
     * when the stock runs low.
     */
    static FifoPair take(String token) {
        if (unavailable) {
            return null;
        }
        String base = STOCK.pollFirst();
        if (base == null) {
            // the first child of this JVM (the engine started the first batch when it started), or a
            // burst that emptied the stock: a batch takes a few milliseconds, while the control
            // socket costs the child 20-25 ms of its start; wait that long at most
            refill();
            long deadline = System.nanoTime() + STOCK_WAIT_NANOS;
            while ((base = STOCK.pollFirst()) == null && REFILLING.get() && System.nanoTime() - deadline < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000L);
            }
        }
        if (STOCK.size() < LOW_WATER) {
            refill();
        }
        return base == null ? null : new FifoPair(Path.of(base + ".down"), Path.of(base + ".up"), token);
    }

    /** Pairs made ahead of time, by their common path; a refill makes {@link #BATCH} in one {@code mkfifo}. */
    private static final java.util.concurrent.ConcurrentLinkedDeque<String> STOCK = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int BATCH = 8;
    private static final int LOW_WATER = 4;
    /** How long a child waits for a batch being made when the stock is empty, before it takes the socket. */
    private static final long STOCK_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final java.util.concurrent.atomic.AtomicBoolean REFILLING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Makes {@link #BATCH} pairs on a background thread (at most one at a time): a process start
     * costs a few milliseconds of CPU, which must not fall on a child's start.
     */
    static void refill() {
        if (unavailable || !REFILLING.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("mp4j-pipe-stock").stackSize(256 * 1024).start(new Refill());
    }

    private static final class Refill implements Runnable {
        @Override
        public void run() {
            try {
                makeBatch(dev.mp4j.internal.runtime.RunDirectory.path());
            } finally {
                REFILLING.set(false);
            }
        }
    }

    private static void makeBatch(Path directory) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("mkfifo", "-m", "600"));
        java.util.List<String> bases = new java.util.ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String base = directory.resolve("pipe-" + dev.mp4j.internal.runtime.RunDirectory.randomToken(6)).toString();
            bases.add(base);
            command.add(base + ".down");
            command.add(base + ".up");
        }
        try {
            java.lang.Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo failed: " + output);
            }
            STOCK.addAll(bases);
        } catch (IOException e) {
            unavailable = true;
            log.debug("child JVMs connect over the control socket: cannot make named pipes ({})", e.getMessage());
            for (String base : bases) {
                deleteQuietly(Path.of(base + ".down"));
                deleteQuietly(Path.of(base + ".up"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pairs ready to hand out (for tests). */
    static int stockSize() {
        return STOCK.size();
    }

    Path down() {
        return down;
    }

    Path up() {
        return up;
    }

    /** The path the child is given in its bootstrap line: the pipes' common prefix. */
    String base() {
        String name = down.getFileName().toString();
        return down.resolveSibling(name.substring(0, name.length() - ".down".length())).toString();
    }

    /** Starts the connector thread for {@code child}. */
    void connectInBackground(ChildJvm child) {
        Thread.ofPlatform().daemon().name("mp4j-pipes-" + child.pid()).stackSize(256 * 1024).start(new Connector(this, child));
    }

    /** The connector thread's body (a named class: a child's start spins no lambda, see WorkerMain). */
    private static final class Connector implements Runnable {
        private final FifoPair pair;
        private final ChildJvm child;

        Connector(FifoPair pair, ChildJvm child) {
            this.pair = pair;
            this.child = child;
        }

        @Override
        public void run() {
            pair.connect(child);
        }
    }

    /** Opens this side of both pipes, reads the child's HELLO and hands the channel to {@code child}. */
    void connect(ChildJvm child) {
        FileChannel input = null;
        FileChannel output = null;
        try {
            if (isReleased()) {
                return;
            }
            input = new FileInputStream(up.toFile()).getChannel(); // blocks until the child opens its end
            if (isReleased()) {
                return;
            }
            FileOutputStream outputStream = new FileOutputStream(down.toFile());
            output = outputStream.getChannel();
            deleteQuietly(down);
            deleteQuietly(up);
            FrameChannel channel = new FrameChannel(new PipePairChannel(input, outputStream), 256);
            synchronized (this) {
                if (released) {
                    channel.close();
                    return;
                }
                openChannel = channel;
            }
            FrameChannel.Frame hello = channel.receive();
            BytesInput in = new BytesInput(hello.payload(), 0, hello.payload().length);
            if (hello.type() != FrameTypes.HELLO || !MessageDigest.isEqual(in.readString().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                channel.close();
                log.warn("refused child JVM {}: its first frame on its pipes was not the HELLO with its spawn token", child.pid());
                child.kill();
                return;
            }
            channel.maxFrameBytes(FrameChannel.DEFAULT_MAX_FRAME_BYTES);
            input = null;
            output = null;
            child.connected(channel);
        } catch (IOException | RuntimeException e) {
            // the child exited or was killed before it connected: its exit reports that (ChildJvm.exited)
            log.debug("pipes of child JVM {} closed before it connected: {}", child.pid(), e.toString());
        } finally {
            closeQuietly(input);
            closeQuietly(output);
            synchronized (this) {
                connectorDone = true;
                openChannel = null;
                closeReleaseHandles();
            }
        }
    }

    private synchronized boolean isReleased() {
        return released;
    }

    /**
     * The child exited (or this JVM gave up on it): wakes the connector wherever it blocks and
     * removes the pipes. Idempotent.
     */
    void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            if (openChannel != null) {
                openChannel.close();
            }
            if (!connectorDone) {
                // opening a pipe read-write never blocks, and completes an open blocked on the other end;
                // the handles stay open until the connector is done, so an open it starts later returns too
                releaseHandles = new RandomAccessFile[2];
                releaseHandles[0] = openReadWrite(up);
                releaseHandles[1] = openReadWrite(down);
            }
        }
        deleteQuietly(down);
        deleteQuietly(up);
    }

    private void closeReleaseHandles() {
        if (releaseHandles != null) {
            for (RandomAccessFile handle : releaseHandles) {
                if (handle != null) {
                    try {
                        handle.close();
                    } catch (IOException ignored) {
                        // nothing else holds it
                    }
                }
            }
            releaseHandles = null;
        }
    }

    private static RandomAccessFile openReadWrite(Path fifo) {
        try {
            return new RandomAccessFile(fifo.toFile(), "rw");
        } catch (IOException e) {
            return null; // removed already: the connector opened it
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the run directory is removed at exit
        }
    }
}
