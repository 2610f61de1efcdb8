package dev.mp4j.internal.runtime;

import java.nio.charset.StandardCharsets;

/**
 * A 128-bit fingerprint of a text, for naming cache files by what they depend on (a class path,
 * the sizes and times of its jars). Not cryptographic, and need not be: it names files in the
 * user's own cache, and a JVM given a cache that does not match its class path refuses it. A
 * cryptographic digest here would initialise the JCA provider framework before a first child JVM
 * can be spawned.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** 32 hex digits: two 64-bit FNV-1a hashes of the UTF-8 bytes, with different offsets, mixed. */
    public static String of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long first = 0xcbf29ce484222325L;
        long second = 0x84222325cbf29ce4L ^ bytes.length;
        for (byte b : bytes) {
            first = (first ^ (b & 0xff)) * 0x100000001b3L;
            second = (second ^ (b & 0xff)) * 0x100000001b3L;
            second = Long.rotateLeft(second, 29);
        }
        java.util.HexFormat hex = java.util.HexFormat.of(); // not String.format: its Formatter loads locale data
        return hex.toHexDigits(mix(first)) + hex.toHexDigits(mix(second));
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
