package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer. Not thread-safe: one writer at a time.
 */
public final class BytesOutput extends OutputStream {
    private byte[] buffer;
    private int size;

    public BytesOutput(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new SerializationException("encoded value exceeds 2 GiB");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    public void writeByte(int b) {
        write(b);
    }

    public void writeInt(int v) {
        ensure(4);
        buffer[size] = (byte) (v >>> 24);
        buffer[size + 1] = (byte) (v >>> 16);
        buffer[size + 2] = (byte) (v >>> 8);
        buffer[size + 3] = (byte) v;
        size += 4;
    }

    /**
     * Writes every element of {@code list} as an int, if all are Integers, and returns true;
     * otherwise writes nothing and returns false. One pass, one capacity check.
     */
    public boolean writeIntegers(java.util.List<?> list) {
        int n = list.size();
        ensure(4 * n);
        int position = size;
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Integer value)) {
                return false;
            }
            // plain shifts, not a byte-array VarHandle: those are slow until C2 has compiled the caller
            int v = value;
            buffer[position] = (byte) (v >>> 24);
            buffer[position + 1] = (byte) (v >>> 16);
            buffer[position + 2] = (byte) (v >>> 8);
            buffer[position + 3] = (byte) v;
            position += 4;
        }
        size = position;
        return true;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Writes a length-prefixed UTF-8 string. */
    public void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** Overwrites 4 bytes at {@code position} (used to patch a length prefix). */
    public void putInt(int position, int v) {
        buffer[position] = (byte) (v >>> 24);
        buffer[position + 1] = (byte) (v >>> 16);
        buffer[position + 2] = (byte) (v >>> 8);
        buffer[position + 3] = (byte) v;
    }

    /** Drops everything written after {@code mark} (a former {@link #size()}). */
    public void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
        }
        size = mark;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
