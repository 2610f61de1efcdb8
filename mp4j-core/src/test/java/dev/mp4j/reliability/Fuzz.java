package dev.mp4j.reliability;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * A seeded generator of bad input: truncated, oversized, bit-flipped and random frames made from
 * valid ones. The seed is {@code -Dmp4j.fuzz.seed} (a fixed default, so CI is reproducible); every
 * assertion names the seed and the case, so a failure replays with that seed.
 */
final class Fuzz {
    static final int HEADER = 5;

    enum Kind { TRUNCATED, OVERSIZED, BIT_FLIPPED, RANDOM, PAYLOAD_FLIPPED, PAYLOAD_TRUNCATED, PAYLOAD_RANDOM }

    final long seed;
    final Random random;

    Fuzz() {
        this(Long.getLong("mp4j.fuzz.seed", 0x5EED_2026L));
    }

    Fuzz(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** A description for assertions: replay with {@code -Dmp4j.fuzz.seed=...}. */
    String at(int testCase, Kind kind) {
        return "fuzz case " + testCase + " (" + kind + "), replay with -Dmp4j.fuzz.seed=" + seed;
    }

    Kind kind() {
        return Kind.values()[random.nextInt(Kind.values().length)];
    }

    /** Payload-level kinds only: the frame stays well formed, its content does not. */
    Kind payloadKind() {
        return switch (random.nextInt(3)) {
            case 0 -> Kind.PAYLOAD_FLIPPED;
            case 1 -> Kind.PAYLOAD_TRUNCATED;
            default -> Kind.PAYLOAD_RANDOM;
        };
    }

    static byte[] frame(int type, byte[] payload) {
        return ByteBuffer.allocate(HEADER + payload.length).putInt(payload.length).put((byte) type).put(payload).array();
    }

    /** Bad bytes for the wire made from a valid frame, per {@code kind}; {@code limit} is the receiver's frame limit. */
    byte[] mutateFrame(int type, byte[] payload, Kind kind, int limit) {
        byte[] valid = frame(type, payload);
        return switch (kind) {
            case TRUNCATED -> Arrays.copyOf(valid, random.nextInt(valid.length));
            case OVERSIZED -> {
                int length = random.nextBoolean() ? limit + 1 + random.nextInt(Integer.MAX_VALUE - limit)
                        : Integer.MIN_VALUE + random.nextInt(Integer.MAX_VALUE);
                ByteBuffer.wrap(valid).putInt(0, length);
                yield valid;
            }
            case BIT_FLIPPED -> flip(valid, 0);
            case RANDOM -> randomBytes(random.nextInt(300));
            case PAYLOAD_FLIPPED, PAYLOAD_TRUNCATED, PAYLOAD_RANDOM -> frame(type, mutatePayload(payload, kind));
        };
    }

    /** A payload mutated per a payload-level {@code kind}. */
    byte[] mutatePayload(byte[] payload, Kind kind) {
        return switch (kind) {
            case PAYLOAD_TRUNCATED -> Arrays.copyOf(payload, random.nextInt(Math.max(1, payload.length)));
            case PAYLOAD_RANDOM -> randomBytes(random.nextInt(200));
            default -> flip(payload.clone(), 0);
        };
    }

    /** Same as {@link #mutatePayload} but leaving the first {@code keep} bytes intact. */
    byte[] mutatePayloadAfter(byte[] payload, int keep, Kind kind) {
        byte[] tail = mutatePayload(Arrays.copyOfRange(payload, keep, payload.length), kind);
        byte[] out = Arrays.copyOf(payload, keep + tail.length);
        System.arraycopy(tail, 0, out, keep, tail.length);
        return out;
    }

    private byte[] flip(byte[] bytes, int from) {
        if (bytes.length <= from) {
            return bytes;
        }
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = from + random.nextInt(bytes.length - from);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
