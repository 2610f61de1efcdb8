package dev.mp4j.internal.process;

import dev.mp4j.internal.transport.FrameChannel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child JVM owned by this one: its OS process, the pipe on its stdin (which it watches to learn
 * that this JVM died) and its authenticated control connection, which arrives asynchronously.
 *
 * <p>Thread-safe. The stdin pipe is never closed while this JVM lives: closing it is how the child
 * learns to exit.
 */
public final class ChildJvm {
    private final java.lang.Process process;
    private final OutputStream stdin;
    private final String token;
    private final CompletableFuture<FrameChannel> connection = new CompletableFuture<>();

    ChildJvm(java.lang.Process process, String token) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.token = token;
        process.onExit().thenRun(() -> connection.completeExceptionally(new ChildStartException(
                "child JVM " + process.pid() + " exited with status " + process.exitValue()
                        + " before connecting back; its stderr is above")));
    }

    String token() {
        return token;
    }

    OutputStream stdin() {
        return stdin;
    }

    void connected(FrameChannel channel) {
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

    public boolean isConnected() {
        return connection.isDone() && !connection.isCompletedExceptionally();
    }

    /** The authenticated control connection, waiting up to {@code timeout} for the child to connect. */
    public FrameChannel channel(Duration timeout) throws IOException {
        try {
            return connection.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for child JVM " + pid() + " to connect", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            kill();
            throw new ChildStartException("child JVM " + pid() + " did not connect back within " + timeout + "; killed it");
        }
    }

    /**
     * Writes the child's role frame on its stdin (see {@link WorkerMain}); at most once per child.
     *
     * @throws IOException when the child is gone
     */
    public void sendRole(int type, byte[] payload) throws IOException {
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
        process.destroy();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * Python's exit code for this child: the status it exited with, or {@code -N} when a signal N
     * ended it (the JDK reports those as {@code 128 + N}, as shells do).
     */
    public static int pythonExitCode(int jdkStatus) {
        return jdkStatus > 128 && jdkStatus < 128 + 65 ? -(jdkStatus - 128) : jdkStatus;
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
