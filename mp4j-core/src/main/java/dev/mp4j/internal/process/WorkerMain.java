package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The main class of every child JVM.
 *
 * <p>Reads from stdin, which only the parent can write: first its bootstrap line (socket path,
 * authkey, spawn token, allow-list, start mode, training hints, the parent's pid, the named pipes to
 * connect over), then its role frame (a {@code Process} target to run, or "become a pool worker").
 * A role that talks to the parent (a pool worker) connects over the two named pipes the parent made
 * for it (see {@code FifoPair}), or else to the control socket, where it authenticates; either
 * way it says HELLO with its spawn token. A {@code Process} needs no connection, which
 * spares it the socket and security-provider start-up (half of a cold child's time). From the
 * role frame on, a daemon thread watches stdin: EOF means the parent JVM is gone (even after
 * SIGKILL the kernel closes the pipe), and this JVM exits at once. A spare waits for its role
 * frame with the decode path warmed up; a training child ({@link AotCache}) runs
 * {@link Warmup#train} first. Exit statuses: 0 after a normal end, 1 after an uncaught
 * exception, 2 when the bootstrap fails, 3 when the parent disappeared.
 *
 * <p>The parent also closes stdin when it stops this child ({@code Process.destroy} signals first,
 * then closes the pipe): EOF while the parent is still this JVM's parent is therefore not its death
 * but a signal in flight, and this JVM waits for the signal to end it (so {@code terminate()} gives
 * -15, never 3). Only a parent that is gone (this JVM was re-parented) means exit 3 at once.
 */
public final class WorkerMain {
    /** Exit status when the parent JVM died. */
    public static final int PARENT_GONE = 3;
    /**
     * What a child writes first on its stderr, so that the parent's pump (see {@link ChildJvm})
     * knows it runs mp4j's code; the pump removes it.
     */
    static final byte[] UP_MARKER = "\u0001mp4j-child-up\u0002\n".getBytes(StandardCharsets.ISO_8859_1);
    /** What a spare writes on its stderr once warmed up and connected: it is ready to take a role at once. */
    static final byte[] WARM_MARKER = "\u0001mp4j-child-warm\u0002\n".getBytes(StandardCharsets.ISO_8859_1);
    /** The control connection a spare or a "connecting" child makes while it waits for its role. */
    private static final java.util.concurrent.CompletableFuture<FrameChannel> PRE_CONNECTION = new java.util.concurrent.CompletableFuture<>();
    /** How long a training child may live, writing the AOT cache included (it takes seconds). */
    private static final long TRAINING_DEADLINE_MILLIS = 120_000;
    /** How long a child whose stdin the live parent closed waits for the signal that comes with it. */
    private static final long SIGNAL_GRACE_MILLIS = 5_000;
    private static final Map<Integer, ChildRole> roles = new ConcurrentHashMap<>();
    /** The pid of the JVM that started this one (from the bootstrap line); -1 when unknown. */
    private static long parentPid = -1;

    /** Roles of other mp4j packages, loaded by name so that this package does not depend on them. */
    private static final Map<Integer, String> ROLE_CLASSES = Map.of(
            FrameTypes.POOL_WORKER, "dev.mp4j.internal.pool.PoolWorkerRole");

    static {
        roles.put(FrameTypes.RUN_PROCESS, new ProcessRole());
    }

    private WorkerMain() {
    }

    /** Registers what a child does when its first frame has {@code frameType}. */
    public static void registerRole(int frameType, ChildRole role) {
        roles.put(frameType, role);
    }

    public static void main(String[] args) {
        // first of all: tell the parent this JVM runs mp4j's code (its stderr pump removes the marker)
        System.err.write(UP_MARKER, 0, UP_MARKER.length);
        System.err.flush();
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        String[] bootstrap;
        try {
            bootstrap = readLine(stdin).split("\t", -1);
        } catch (IOException e) {
            System.err.println("mp4j child: no bootstrap from parent (" + e.getMessage() + "); this class is started by mp4j, not by hand");
            System.exit(2);
            return;
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (bootstrap.length < 3) {
            System.err.println("mp4j child: malformed bootstrap line");
            System.exit(2);
        }
        try {
            dev.mp4j.internal.runtime.ProcessAuthkey.inherit(HexFormat.of().parseHex(bootstrap[1]));
        } catch (IllegalArgumentException e) {
            System.err.println("mp4j child: malformed authkey in the bootstrap line");
            System.exit(2);
        }
        if (bootstrap.length > 3 && !bootstrap[3].isEmpty()) {
            for (String pattern : bootstrap[3].split(",")) {
                SerialAllowList.allow(pattern);
            }
        }
        String mode = bootstrap.length > 4 ? bootstrap[4] : "on-demand";
        if (bootstrap.length > 6) {
            SerialAllowList.setStrict(bootstrap[6].equals("strict"));
        }
        try {
            parentPid = bootstrap.length > 7 ? Long.parseLong(bootstrap[7]) : -1;
        } catch (NumberFormatException e) {
            System.err.println("mp4j child: malformed bootstrap line");
            System.exit(2);
        }
        if (mode.equals("training")) {
            // it does not die with its parent (see AotCache), so it bounds its own life
            Thread.ofPlatform().daemon().name("mp4j-training-deadline").start(() -> {
                try {
                    Thread.sleep(TRAINING_DEADLINE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(PARENT_GONE);
            });
            Warmup.train(bootstrap.length > 5 ? bootstrap[5] : ""); // then runs its role, a Process, like any child
        }
        if (mode.equals("spare")) {
            // a spare warms up and connects while it waits for its role
            Thread.ofPlatform().daemon().name("mp4j-warmup").start(new EarlyConnect(bootstrap, true));
        } else if (mode.equals("connecting")) {
            // its role will use the connection: the socket's and the handshake's start-up overlap the role frame's
            Thread.ofPlatform().daemon().name("mp4j-connect").start(new EarlyConnect(bootstrap, false));
        }
        int status;
        try {
            FrameChannel.Frame first;
            try {
                first = readRoleFrame(stdin);
            } catch (EOFException parentGone) {
                awaitSignalIfParentLives();
                exit(PARENT_GONE);
                return;
            }
            if (!mode.equals("training")) { // a training child must live to write the AOT cache; it ends by itself
                watch(Thread.ofPlatform().daemon().name("mp4j-parent-watch").start(new ParentWatch()));
            }
            ChildRole role = roles.get(first.type());
            if (role == null) {
                role = loadRole(first.type());
            }
            if (role == null) {
                System.err.println("mp4j child: unknown role frame " + first.type());
                System.exit(2);
                return;
            }
            FrameChannel channel = null;
            if (role.needsConnection()) {
                channel = mode.equals("spare") || mode.equals("connecting") ? preConnection(bootstrap) : connect(bootstrap);
            }
            status = role.run(channel, first);
            // returning from main while a SIGTERM's exit runs would let the launcher's exit status
            // (0, or 1 when it cannot detach the main thread) race the signal's 143
            if (status == 0 && role.returnsOnSuccess() && !isExiting()) {
                System.out.flush();
                System.err.flush();
                return;
            }
        } catch (Exception e) {
            if (isHangUp(e)) {
                // the parent closed the control connection while this JVM still started or sent:
                // it dismissed this child (a pool that closed before needing it); nothing to report
                status = 0;
            } else {
                if (!isExiting()) {
                    System.err.println("mp4j child " + dev.mp4j.internal.runtime.Pids.self() + ": " + e);
                }
                status = 2;
            }
        }
        System.out.flush();
        System.err.flush();
        exit(status);
    }

    /**
     * {@code System.exit(status)}, unless this JVM is exiting already: then the exit in progress (a
     * SIGTERM's, status 143) must decide the status, and a second {@code exit} reaching the JVM after
     * its hooks ran would halt it with its own status instead. A role that failed because the JVM
     * was shutting down under it (a shutdown hook refused) ends this way too.
     */
    private static void exit(int status) {
        if (isExiting()) {
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // the exit in progress halts this JVM
                }
            }
        }
        System.exit(status);
    }

    /** Whether this JVM's shutdown has begun (it refuses new shutdown hooks from then on). */
    private static boolean isExiting() {
        Thread probe = new Thread();
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    /**
     * The role frame the parent writes on stdin after the bootstrap line: type and length as two
     * big-endian ints, then the payload. Only the parent holds the other end of the pipe.
     */
    private static FrameChannel.Frame readRoleFrame(InputStream stdin) throws IOException {
        DataInputStream in = new DataInputStream(stdin);
        int type = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > FrameChannel.DEFAULT_MAX_FRAME_BYTES) {
            throw new IOException("malformed role frame from the parent: length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new FrameChannel.Frame(type, payload);
    }

    /**
     * Connects back to the parent and says HELLO with the spawn token: over the two named pipes the
     * bootstrap line names (see {@code FifoPair}), or else over the parent's control socket, after
     * the authkey handshake.
     */
    private static FrameChannel connect(String[] bootstrap) throws IOException {
        String pipes = pipesOf(bootstrap);
        if (!pipes.isEmpty()) {
            // each open blocks until the parent's connector opens the other end (it does so at once)
            java.io.FileOutputStream output = new java.io.FileOutputStream(pipes + ".up");
            FileChannel input = new FileInputStream(pipes + ".down").getChannel();
            // writes ignore interrupts: a task that leaves its thread interrupted must not close the pipe
            FrameChannel channel = new FrameChannel(new dev.mp4j.internal.transport.PipePairChannel(input, output));
            channel.send(FrameTypes.HELLO, hello(bootstrap));
            return channel;
        }
        // The parent binds its control socket while this JVM boots (see ProcessEngine): a child
        // faster than that finds no socket yet and tries again, as long as its parent lives.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        SocketChannel socket;
        while (true) {
            socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                socket.connect(UnixDomainSocketAddress.of(bootstrap[0]));
                break;
            } catch (java.net.SocketException notYet) {
                socket.close();
                if (!parentLives() || System.nanoTime() > deadline) {
                    System.err.println("mp4j child: cannot connect to its parent's control socket " + bootstrap[0] + ": "
                            + notYet.getMessage());
                    System.exit(PARENT_GONE); // the parent removed its run directory on exit, or never listened
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
            }
        }
        FrameChannel channel = new FrameChannel(socket);
        Handshake.connect(channel, HexFormat.of().parseHex(bootstrap[1]));
        channel.send(FrameTypes.HELLO, hello(bootstrap));
        return channel;
    }

    private static byte[] hello(String[] bootstrap) {
        BytesOutput hello = new BytesOutput(64);
        hello.writeString(bootstrap[2]);
        hello.writeLong(dev.mp4j.internal.runtime.Pids.self());
        return hello.toByteArray();
    }

    /** The named pipes' common path from the bootstrap line, or "" to use the control socket. */
    private static String pipesOf(String[] bootstrap) {
        return bootstrap.length > 8 ? bootstrap[8] : "";
    }

    private static ChildRole loadRole(int frameType) {
        String className = ROLE_CLASSES.get(frameType);
        if (className == null) {
            return null;
        }
        try {
            return (ChildRole) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load child role " + className, e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("stdin closed before the bootstrap line");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("bootstrap line too long");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * The parent-watch thread's body. A named class, not a method reference: a child's start-up
     * spins no lambda (an invokedynamic site costs a cold JVM a few milliseconds of LambdaForm
     * generation that the AOT cache holds only for sites its training ran).
     */
    private static final class ParentWatch implements Runnable {
        @Override
        public void run() {
            watchParent();
        }
    }

    /** Interrupts the watcher thread it is given: the exit hook of {@link #watch}. */
    private static final class Interrupter implements Runnable {
        private final Thread thread;

        Interrupter(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void run() {
            thread.interrupt();
        }
    }

    private static void watchParent() {
        // An interruptible channel, not a stream: a thread blocked in a plain read of stdin delays
        // JVM exit by ~350 ms, while this one is interrupted by the exit hook below.
        FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
        ByteBuffer sink = ByteBuffer.allocate(256);
        try {
            while (stdin.read(sink.clear()) >= 0) {
                // the parent never writes after the bootstrap; anything else is ignored
            }
        } catch (ClosedByInterruptException exiting) {
            return;
        } catch (IOException ignored) {
            // treated as EOF
        }
        if (awaitSignalIfParentLives()) {
            parentGone();
        }
    }

    /**
     * Called on EOF of stdin. When the parent that started this JVM is still its parent, the EOF
     * is the parent stopping this child: the JDK sends the signal before it closes the pipe, so the
     * signal is already pending and ends this JVM with its own status (143 for SIGTERM, after the
     * shutdown hooks). Waits for that, at most {@link #SIGNAL_GRACE_MILLIS}; returns at once when
     * the parent is gone.
     *
     * @return false when interrupted: this JVM is exiting already
     */
    private static boolean awaitSignalIfParentLives() {
        long deadline = System.nanoTime() + SIGNAL_GRACE_MILLIS * 1_000_000;
        while (parentPid > 0 && System.nanoTime() - deadline < 0 && parentPidNow() == parentPid) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException exiting) {
                return false;
            }
        }
        return true;
    }

    /**
     * Connects to the parent's control socket (handshake and HELLO included) while the main thread
     * waits for and decodes the role frame: for a child started in "connecting" mode, and for a
     * spare, which first warms the decode path up and then says on stderr that it is ready to take a
     * role at once ({@link #WARM_MARKER}).
     */
    private static final class EarlyConnect implements Runnable {
        private final String[] bootstrap;
        private final boolean spare;

        EarlyConnect(String[] bootstrap, boolean spare) {
            this.bootstrap = bootstrap;
            this.spare = spare;
        }

        @Override
        public void run() {
            if (spare) {
                Warmup.run(pipesOf(bootstrap).isEmpty());
            }
            try {
                PRE_CONNECTION.complete(connect(bootstrap));
            } catch (IOException | RuntimeException e) {
                PRE_CONNECTION.completeExceptionally(e);
            }
            if (spare) {
                System.err.write(WARM_MARKER, 0, WARM_MARKER.length);
                System.err.flush();
            }
        }
    }

    /** The connection made by {@link EarlyConnect}, or a new one if that failed. */
    private static FrameChannel preConnection(String[] bootstrap) throws IOException {
        try {
            return PRE_CONNECTION.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the early connection to the parent", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return connect(bootstrap);
        }
    }

    /** The peer closed the connection: end of stream, a broken pipe or a reset. */
    private static boolean isHangUp(Exception e) {
        if (e instanceof EOFException) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return e instanceof IOException && (message.contains("Broken pipe") || message.contains("Connection reset")
                || message.contains("closed the connection"));
    }

    /** True while the JVM that started this one is still its parent (true when that cannot be told). */
    private static boolean parentLives() {
        long now = parentPidNow();
        return parentPid <= 0 || now < 0 || now == parentPid;
    }

    /**
     * This process's parent pid now (field 4 of {@code /proc/self/stat}; it changes when the parent
     * dies and this process is re-parented), or -1 without {@code /proc}. Read directly: the
     * {@code ProcessHandle} API costs a cold child JVM tens of milliseconds of class and lambda set-up.
     */
    private static long parentPidNow() {
        byte[] stat = new byte[512];
        int length = 0;
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            int n;
            while (length < stat.length && (n = in.read(stat, length, stat.length - length)) > 0) {
                length += n;
            }
        } catch (IOException e) {
            return -1;
        }
        int at = length - 1;
        while (at >= 0 && stat[at] != ')') { // the command name may itself hold ") "
            at--;
        }
        at += 4; // ") S " precedes the parent pid
        long pid = 0;
        boolean digits = false;
        while (at < length && stat[at] >= '0' && stat[at] <= '9') {
            pid = pid * 10 + (stat[at++] - '0');
            digits = true;
        }
        return digits ? pid : -1;
    }

    /**
     * Registers a daemon thread blocked on an interruptible channel; it is interrupted when the JVM
     * exits so that the exit is not delayed.
     */
    static void watch(Thread watcher) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(new Interrupter(watcher)));
    }

    /** Exits because the parent is gone: shutdown hooks get one second, then the JVM halts. */
    static void parentGone() {
        Thread halter = Thread.ofPlatform().daemon().unstarted(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        });
        halter.start();
        System.exit(PARENT_GONE);
    }
}
