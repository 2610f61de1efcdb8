package dev.mp4j.internal.runtime;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Random bytes for secrets and names nobody can guess, read from {@code /dev/urandom} (what the
 * JDK's own {@code NativePRNG} reads), falling back to {@link SecureRandom} where it is missing.
 * The first {@code SecureRandom} of a JVM initialises the JCA provider framework, tens of
 * milliseconds of CPU that a child JVM's start-up need not pay before its first task.
 *
 * <p>Thread-safe.
 */
public final class Randomness {
    private Randomness() {
    }

    /** Fills {@code bytes} with random bytes. */
    public static void fill(byte[] bytes) {
        try (InputStream urandom = new FileInputStream("/dev/urandom")) {
            int read = urandom.readNBytes(bytes, 0, bytes.length);
            if (read == bytes.length) {
                return;
            }
        } catch (IOException | SecurityException e) {
            // no /dev/urandom here
        }
        Fallback.RANDOM.nextBytes(bytes);
    }

    /** {@code length} random bytes. */
    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        fill(bytes);
        return bytes;
    }

    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
