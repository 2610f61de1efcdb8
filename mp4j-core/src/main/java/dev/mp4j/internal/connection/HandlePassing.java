package dev.mp4j.internal.connection;

import dev.mp4j.connection.Connection;
import dev.mp4j.internal.runtime.RunDirectory;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Passes a file descriptor to the process at the other end of any {@link Connection}, as Python's
 * {@code multiprocessing.reduction.send_handle}/{@code recv_handle} do over a Unix socket.
 *
 * <p>The sender duplicates the descriptor, listens on a fresh Unix socket in its private 0700 run
 * directory and sends an {@link Offer} (the socket's path and a random token) through the
 * connection; a thread of the sender then accepts one peer, checks that it proves the token, and
 * sends the duplicate with {@code SCM_RIGHTS}, which gives the peer its own descriptor for the same
 * open file. The receiver takes the offer from the connection, connects, proves the token and
 * receives the descriptor. Nothing but the descriptor crosses the side socket, and only a process
 * of the same user can reach it. An offer nobody takes within {@link #OFFER_SECONDS} seconds is
 * withdrawn (logged): the duplicate is closed and the socket removed.
 *
 * <p>Works over every connection between processes of one machine; across machines the receiver
 * cannot reach the sender's socket and {@code recvHandle} fails with the reason.
 */
public final class HandlePassing {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(HandlePassing.class);
    static final int OFFER_SECONDS = Integer.getInteger("mp4j.handleOfferSeconds", 60);
    private static final int TOKEN_BYTES = 16;
    private static final byte MARKER = 0x48;

    private HandlePassing() {
    }

    /**
     * What {@code sendHandle} puts on the connection. A plain class, not a record: a fresh JVM
     * deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    public static final class Offer implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String path;
        private final byte[] token;

        Offer(String path, byte[] token) {
            this.path = path;
            this.token = token;
        }

        @Override
        public String toString() {
            return "HandleOffer[" + path + "]";
        }
    }

    /** Offers a duplicate of {@code fd} through {@code connection}; returns once the offer is sent. */
    public static void send(Connection connection, int fd) throws IOException {
        Path socketPath = RunDirectory.path().resolve("h-" + RunDirectory.randomToken(6) + ".sock");
        byte[] token = new byte[TOKEN_BYTES];
        dev.mp4j.internal.runtime.Randomness.fill(token);
        int copy = NativeIo.dup(fd);
        int listener;
        try {
            listener = NativeIo.listenUnix(socketPath);
        } catch (IOException | RuntimeException e) {
            NativeIo.close(copy);
            throw e;
        }
        try {
            connection.send(new Offer(socketPath.toString(), token));
        } catch (IOException | RuntimeException e) {
            withdraw(listener, copy, socketPath);
            throw e;
        }
        Thread.ofPlatform().daemon().name("mp4j-handle-offer").start(() -> serve(listener, copy, socketPath, token));
    }

    private static void serve(int listener, int copy, Path socketPath, byte[] token) {
        long deadline = System.nanoTime() + OFFER_SECONDS * 1_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                if (!NativeIo.poll(listener, 200)) {
                    continue;
                }
                int peer = NativeIo.accept(listener);
                try {
                    if (MessageDigest.isEqual(token, NativeIo.readUpTo(peer, TOKEN_BYTES))) {
                        NativeIo.sendDescriptor(peer, copy, MARKER);
                        return;
                    }
                    log.warn("a process connected to handle socket {} without the offer's token; still waiting", socketPath);
                } finally {
                    NativeIo.close(peer);
                }
            }
            log.warn("nobody took the handle offered through {} within {} s (the receiver must call recvHandle());"
                    + " the offer is withdrawn", socketPath, OFFER_SECONDS);
        } catch (IOException | RuntimeException e) {
            log.warn("passing a handle through {} failed: {}", socketPath, e.getMessage());
        } finally {
            withdraw(listener, copy, socketPath);
        }
    }

    private static void withdraw(int listener, int copy, Path socketPath) {
        NativeIo.close(listener);
        NativeIo.close(copy);
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException ignored) {
            // removed with the run directory
        }
    }

    /** Receives the descriptor of the next message, which must be an offer from {@link #send}. */
    public static int receive(Connection connection) throws IOException {
        Object message = connection.recv();
        if (!(message instanceof Offer offer)) {
            throw new IOException("recvHandle() expected a handle sent with sendHandle(), but the next message is "
                    + (message == null ? "null" : "a " + message.getClass().getName()) + " (it is dropped)");
        }
        int socket;
        try {
            socket = NativeIo.connectUnix(Path.of(offer.path));
        } catch (IOException e) {
            throw new IOException("cannot reach the sender's handle socket " + offer.path + ": " + e.getMessage()
                    + " (handles pass only between processes of one machine and one user)", e);
        }
        try {
            NativeIo.writeFully(socket, offer.token);
            return NativeIo.receiveDescriptor(socket, MARKER);
        } finally {
            NativeIo.close(socket);
        }
    }
}
