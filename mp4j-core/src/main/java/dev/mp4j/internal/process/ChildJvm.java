package dev.mp4j.internal.process;

import dev.mp4j.ProcessStartException;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child JVM owned by this one: its OS process, the pipe on its stdin (which it watches to learn
 * that this JVM died), the pump that copies its stderr to this JVM's {@code System.err}, and its
 * authenticated control connection, which arrives asynchronously.
 *
 * <p>Start-up is observable: {@link WorkerMain} writes {@link WorkerMain#UP_MARKER} to its stderr before
 * anything else; the pump removes it from the copied output and completes {@link #started()}. A
 * child that exits before the marker never ran mp4j's code (a class path without mp4j, a refused
 * JVM option): {@link #started()} and the connection fail with a {@link ProcessStartException}
 * quoting the last lines of its stderr, which the pump keeps (at most {@link #TAIL_BYTES}).
 *
 * <p>Thread-safe. The stdin pipe is never closed while this JVM lives: closing it is how the child
 * learns to exit.
 */
public final class ChildJvm {
    private static final byte[] UP_MARKER = WorkerMain.UP_MARKER;
    private static final int TAIL_BYTES = 4096;
    /** Runs {@link #exited} (which waits briefly for the stderr pump) off the JDK's process-reaper threads. */
    private static final java.util.concurrent.Executor EXITS = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("mp4j-child-exit-", 0).factory());

    private final java.lang.Process process;
    private final OutputStream stdin;
    private final String token;
    private final CompletableFuture<FrameChannel> connection = new CompletableFuture<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** Completes when a spare is warmed up and connected (never for other children). */
    private final CompletableFuture<Void> warm = new CompletableFuture<>();
    private final StderrPump pump;
    private volatile boolean stopped;
    /** The named pipes this child connects over, or null when it uses the control socket. */
    private volatile FifoPair pipes;
    private final long spawnedNanos = System.nanoTime();
    private volatile long upNanos;
    private volatile long connectedNanos;
    /** The engine's deserialization-settings generation when this child got its bootstrap line. */
    private volatile int settingsGeneration;

    ChildJvm(java.lang.Process process, String token, boolean pumpStderr) {
        this(process, token, pumpStderr, false);
    }

    ChildJvm(java.lang.Process process, String token, boolean pumpStderr, boolean spare) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.token = token;
        this.pump = pumpStderr ? new StderrPump(process.getErrorStream(), started, spare ? warm : null, System.err) : null;
        if (pump != null) {
            Thread.ofPlatform().daemon().name("mp4j-stderr-" + process.pid()).stackSize(128 * 1024).start(pump);
        } else {
            started.complete(null);
        }
        started.thenRun(() -> upNanos = System.nanoTime());
        process.onExit().thenRunAsync(this::exited, EXITS);
    }

    /** Connects this child over named pipes instead of the control socket (see {@link FifoPair}). */
    void pipes(FifoPair pair) {
        pipes = pair;
        if (!process.isAlive()) {
            pair.release();
        }
    }

    /** The named pipes this child connects over, or null (for tests). */
    FifoPair pipes() {
        return pipes;
    }

    private void exited() {
        FifoPair pair = pipes;
        if (pair != null) {
            pair.release(); // wakes its connector, which may wait for an open that will never come
        }
        if (pump != null) {
            pump.awaitEnd(Duration.ofSeconds(1));
        }
        if (isConnected()) {
            connection.join().close(); // a spare's connection that its role (a Process) never used
        }
        int status = pythonExitCode(process.exitValue());
        String tail = pump == null ? "" : pump.tail();
        boolean reachedMain = started.isDone() && !started.isCompletedExceptionally();
        String quoted = tail.isBlank() ? " (it wrote nothing on stderr)" : ":\n" + indent(tail);
        ProcessStartException failure = reachedMain
                ? new ProcessStartException("child JVM " + process.pid() + " exited with status " + status
                        + " before connecting back" + quoted, status, true, tail)
                : new ProcessStartException("child JVM " + process.pid() + " exited with status " + status
                        + " before it ran mp4j's code" + quoted + "\n" + remedy(tail), status, true, tail);
        started.completeExceptionally(failure);
        connection.completeExceptionally(failure);
    }

    /** What to do about a child that could not run mp4j's code, judging by what it printed. */
    private static String remedy(String tail) {
        if (tail.contains("Could not find or load main class") || tail.contains("ClassNotFoundException")
                || tail.contains("NoClassDefFoundError")) {
            return "The child's class path lacks mp4j or the application: mp4j could not find the real class path"
                    + " of this launcher. Set it with Pool.Builder.childClassPath(...) / Process.Builder.childClassPath(...)"
                    + " or -Dmp4j.childClassPath=<jars and folders>.";
        }
        if (tail.contains("Unrecognized option") || tail.contains("Could not create the Java Virtual Machine")
                || tail.contains("Error occurred during initialization of VM") || tail.contains("Invalid ")) {
            return "The JVM could not start with the options given: check the jvmOptions of the pool or process"
                    + " (and the memory the machine has left).";
        }
        return "Fix what the child printed above, or set the class path with -Dmp4j.childClassPath.";
    }

    private static String indent(String text) {
        return "    " + text.strip().replace("\n", "\n    ");
    }

    void settingsGeneration(int generation) {
        settingsGeneration = generation;
    }

    int settingsGeneration() {
        return settingsGeneration;
    }

    String token() {
        return token;
    }

    OutputStream stdin() {
        return stdin;
    }

    void connected(FrameChannel channel) {
        connectedNanos = System.nanoTime();
        if (!connection.complete(channel)) {
            channel.close();
        }
    }

    public long pid() {
        return process.pid();
    }

    public java.lang.Process process() {
        return process;
    }

    /**
     * Completes when the child has started running mp4j's code; fails with a
     * {@link ProcessStartException} when it exited before.
     */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** Waits, at most {@code timeout}, until this spare is warm; false when it is not (yet). */
    public boolean awaitWarm(Duration timeout) throws InterruptedException {
        try {
            warm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** True for a spare that has warmed up and connected: handing it out costs a frame. */
    public boolean isWarm() {
        return warm.isDone();
    }

    /** True once this JVM asked the child to stop (terminate or kill): its exit is no start failure. */
    public boolean wasStopped() {
        return stopped;
    }

    public boolean isConnected() {
        return connection.isDone() && !connection.isCompletedExceptionally();
    }

    /**
     * The authenticated control connection, waiting up to {@code timeout} for the child to connect.
     *
     * @throws ProcessStartException when the child exited first, or did not connect in time (it is
     *         then killed)
     * @throws IOException when interrupted
     */
    public FrameChannel channel(Duration timeout) throws IOException {
        try {
            return connection.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for child JVM " + pid() + " to connect", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProcessStartException start) {
                throw new ProcessStartException(start.getMessage(), start.exitCode().orElse(-1), start.exitCode().isPresent(),
                        start.stderrTail()); // thrown here, with this thread's stack
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            kill();
            throw new ProcessStartException("child JVM " + pid() + " did not connect back within " + timeout
                    + "; killed it (a machine starved of CPU or memory? raise -Dmp4j.connectTimeoutSeconds)", -1, false,
                    pump == null ? "" : pump.tail());
        }
    }

    /**
     * Writes the child's role frame on its stdin (see {@link WorkerMain}); at most once per child.
     *
     * @throws IOException when the child is gone
     */
    public void sendRole(int type, byte[] payload) throws IOException {
        if (pipes == null && type != FrameTypes.RUN_PROCESS) {
            ProcessEngine.get().listen(); // a role that talks back, for a child without pipes: it connects to the socket
        }
        byte[] header = java.nio.ByteBuffer.allocate(8).putInt(type).putInt(payload.length).array();
        synchronized (stdin) {
            stdin.write(header);
            stdin.write(payload);
            stdin.flush();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM. */
    public void terminate() {
        stopped = true;
        process.destroy();
    }

    /** SIGKILL. */
    public void kill() {
        stopped = true;
        process.destroyForcibly();
    }

    /**
     * Python's exit code for this child: the status it exited with, or {@code -N} when a signal N
     * ended it (the JDK reports those as {@code 128 + N}, as shells do).
     */
    public static int pythonExitCode(int jdkStatus) {
        return jdkStatus > 128 && jdkStatus < 128 + 65 ? -(jdkStatus - 128) : jdkStatus;
    }

    /**
     * Waits for the child to exit, and then (briefly) for the rest of its stderr to be copied, so
     * that what it printed comes before what the caller prints next.
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (pump != null) {
            pump.awaitEnd(Duration.ofMillis(500));
        }
        return true;
    }

    /**
     * When this child went through its start: spawned (the {@code java} command started), up (its
     * JVM reached mp4j's code), connected (authenticated on the control socket; 0 for a child that
     * never connects). {@link System#nanoTime()} values, 0 for a phase not reached.
     */
    public record Timeline(long spawnedNanos, long upNanos, long connectedNanos) {
    }

    public Timeline timeline() {
        return new Timeline(spawnedNanos, upNanos, connectedNanos);
    }

    /** The last lines the child wrote on its stderr. */
    public String stderrTail() {
        return pump == null ? "" : pump.tail();
    }

    /**
     * Copies a child's stderr to {@code sink}, removing the {@link WorkerMain#UP_MARKER} (which completes
     * {@code started}) and keeping the last {@link #TAIL_BYTES} bytes. Before the marker, output is
     * copied line by line (the marker is a line of its own); after it, as it arrives.
     */
    static final class StderrPump implements Runnable {
        private final InputStream in;
        private final CompletableFuture<Void> started;
        /** A spare's {@link WorkerMain#WARM_MARKER} completes it; null for other children. */
        private final CompletableFuture<Void> warm;
        private final PrintStream sink;
        private final byte[] tail = new byte[TAIL_BYTES];
        private final CountDownLatch ended = new CountDownLatch(1);
        private int tailStart;
        private int tailLength;

        StderrPump(InputStream in, CompletableFuture<Void> started, CompletableFuture<Void> warm, PrintStream sink) {
            this.in = in;
            this.started = started;
            this.warm = warm;
            this.sink = sink;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
            // lines are parsed until the markers expected are seen (UP, and WARM for a spare); then raw
            boolean markersSeen = false;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (markersSeen) {
                        forward(buffer, 0, n);
                        continue;
                    }
                    int from = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, from, i + 1 - from);
                            from = i + 1;
                            byte[] complete = line.toByteArray();
                            line.reset();
                            if (Arrays.equals(complete, UP_MARKER)) {
                                started.complete(null);
                            } else if (warm != null && Arrays.equals(complete, WorkerMain.WARM_MARKER)) {
                                warm.complete(null);
                            } else {
                                forward(complete, 0, complete.length);
                            }
                            if (started.isDone() && (warm == null || warm.isDone())) {
                                markersSeen = true;
                                forward(buffer, from, n - from);
                                from = n;
                                break;
                            }
                        }
                    }
                    if (!markersSeen && from < n) {
                        line.write(buffer, from, n - from);
                    }
                }
                if (line.size() > 0) {
                    byte[] rest = line.toByteArray();
                    forward(rest, 0, rest.length);
                }
            } catch (IOException e) {
                // the child is gone, or this JVM is exiting
            } finally {
                ended.countDown();
            }
        }

        private void forward(byte[] bytes, int offset, int length) {
            if (length <= 0) {
                return;
            }
            sink.write(bytes, offset, length);
            sink.flush();
            synchronized (tail) {
                for (int i = Math.max(offset, offset + length - TAIL_BYTES); i < offset + length; i++) {
                    tail[(tailStart + tailLength) % TAIL_BYTES] = bytes[i];
                    if (tailLength < TAIL_BYTES) {
                        tailLength++;
                    } else {
                        tailStart = (tailStart + 1) % TAIL_BYTES;
                    }
                }
            }
        }

        void awaitEnd(Duration timeout) {
            try {
                ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The kept bytes as text, from the first whole line. */
        String tail() {
            byte[] copy;
            synchronized (tail) {
                copy = new byte[tailLength];
                for (int i = 0; i < tailLength; i++) {
                    copy[i] = tail[(tailStart + i) % TAIL_BYTES];
                }
            }
            String text = new String(copy, StandardCharsets.UTF_8);
            if (copy.length == TAIL_BYTES) {
                int newline = text.indexOf('\n');
                text = newline >= 0 ? text.substring(newline + 1) : text;
            }
            return text;
        }
    }
}
