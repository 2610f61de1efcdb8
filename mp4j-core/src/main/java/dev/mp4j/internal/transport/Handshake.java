package dev.mp4j.internal.transport;

import dev.mp4j.connection.MalformedFrameException;

import dev.mp4j.AuthenticationException;

import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Mutual authkey challenge, as Python's {@code multiprocessing.connection} does it: each side sends
 * 32 random bytes and expects their HMAC-SHA256 under the shared key back.
 *
 * <p>Runs before any payload is decoded: while it runs the frame limit is
 * {@link #HANDSHAKE_FRAME_LIMIT} bytes, so an unauthenticated peer can make this side allocate at
 * most that much. On failure the channel is closed and {@link AuthenticationException} is thrown;
 * the key never appears in a message.
 *
 * <p>The HMAC is RFC 2104 over the {@code SHA-256} {@link MessageDigest} rather than
 * {@code javax.crypto.Mac}: a fresh child JVM then loads only the SUN provider (which its Unix
 * domain socket needs anyway), not the JCE framework and the other providers that
 * {@code Mac.getInstance} walks through. That took about a quarter of a child's start-up CPU.
 * {@code HandshakeTest} checks the output against {@code Mac}'s. Nonces and keys come from
 * {@code /dev/urandom} ({@link dev.mp4j.internal.runtime.Randomness}).
 */
public final class Handshake {
    public static final int CHALLENGE = 0xA1;
    public static final int RESPONSE = 0xA2;
    public static final int WELCOME = 0xA3;
    public static final int FAILURE = 0xA4;
    static final int HANDSHAKE_FRAME_LIMIT = 256;
    private static final int NONCE_BYTES = 32;

    private Handshake() {
    }

    /**
     * Does what a first handshake does before it waits for a peer (the digest's provider look-up,
     * one HMAC), so that a thread with nothing better to do pays it instead of the first handshake.
     */
    public static void warmUp() {
        try {
            hmac(new byte[32], new byte[NONCE_BYTES]);
        } catch (RuntimeException ignored) {
            // only an optimisation
        }
    }

    public static byte[] newKey() {
        return dev.mp4j.internal.runtime.Randomness.bytes(32);
    }

    /** The server side: challenge the client first, then answer its challenge. */
    public static void serve(FrameChannel channel, byte[] key) throws IOException {
        run(channel, key, true);
    }

    /** The client side: answer the server's challenge, then challenge it. */
    public static void connect(FrameChannel channel, byte[] key) throws IOException {
        run(channel, key, false);
    }

    private static void run(FrameChannel channel, byte[] key, boolean server) throws IOException {
        int limit = channel.maxFrameBytes();
        channel.maxFrameBytes(HANDSHAKE_FRAME_LIMIT);
        try {
            if (server) {
                deliverChallenge(channel, key);
                answerChallenge(channel, key);
            } else {
                answerChallenge(channel, key);
                deliverChallenge(channel, key);
            }
        } catch (AuthenticationException | IOException e) {
            channel.close();
            throw e;
        } finally {
            channel.maxFrameBytes(limit);
        }
    }

    private static void deliverChallenge(FrameChannel channel, byte[] key) throws IOException {
        byte[] nonce = dev.mp4j.internal.runtime.Randomness.bytes(NONCE_BYTES);
        channel.send(CHALLENGE, nonce);
        FrameChannel.Frame reply = receive(channel);
        if (reply.type() != RESPONSE || !MessageDigest.isEqual(reply.payload(), hmac(key, nonce))) {
            try {
                channel.send(FAILURE, new byte[0]);
            } catch (IOException ignored) {
                // the peer may already be gone
            }
            throw new AuthenticationException("peer failed the authkey challenge: digest received was wrong");
        }
        channel.send(WELCOME, new byte[0]);
    }

    private static void answerChallenge(FrameChannel channel, byte[] key) throws IOException {
        FrameChannel.Frame challenge = receive(channel);
        if (challenge.type() != CHALLENGE || challenge.payload().length != NONCE_BYTES) {
            throw new AuthenticationException("peer did not send an authkey challenge (frame type " + challenge.type() + ")");
        }
        channel.send(RESPONSE, hmac(key, challenge.payload()));
        FrameChannel.Frame verdict = receive(channel);
        if (verdict.type() != WELCOME) {
            throw new AuthenticationException("authkey refused by peer: both sides must use the same authkey");
        }
    }

    private static FrameChannel.Frame receive(FrameChannel channel) throws IOException {
        try {
            return channel.receive();
        } catch (EOFException e) {
            throw new AuthenticationException("peer closed the connection during the authkey challenge");
        } catch (MalformedFrameException e) {
            throw new AuthenticationException("peer sent a malformed frame during the authkey challenge: " + e.getMessage());
        }
    }

    private static final int SHA256_BLOCK_BYTES = 64;

    /** HMAC-SHA256 (RFC 2104) of {@code message} under {@code key}. */
    static byte[] hmac(byte[] key, byte[] message) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
        byte[] block = key.length > SHA256_BLOCK_BYTES ? sha256.digest(key) : key;
        byte[] inner = new byte[SHA256_BLOCK_BYTES];
        byte[] outer = new byte[SHA256_BLOCK_BYTES];
        for (int i = 0; i < SHA256_BLOCK_BYTES; i++) {
            byte k = i < block.length ? block[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        sha256.update(inner);
        byte[] innerDigest = sha256.digest(message);
        sha256.update(outer);
        return sha256.digest(innerDigest);
    }
}
