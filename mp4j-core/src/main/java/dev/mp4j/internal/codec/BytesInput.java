package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked big-endian reader over a byte array slice. Every read that would pass the
 * end throws {@link SerializationException}, so a truncated or lying payload never reads foreign memory
 * or allocates more than the payload's own size.
 */
public final class BytesInput extends InputStream {
    private final byte[] data;
    private int position;
    private final int limit;

    public BytesInput(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + length + " of " + data.length);
        }
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    private void need(int n) {
        if (n < 0 || limit - position < n) {
            throw new SerializationException("malformed payload: needs " + n + " more bytes, has " + (limit - position));
        }
    }

    public int remaining() {
        return limit - position;
    }

    public int readByte() {
        need(1);
        return data[position++] & 0xff;
    }

    public int readInt() {
        need(4);
        int v = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return v;
    }

    /** Reads {@code values.length} ints. */
    public void readInts(int[] values) {
        need(4 * values.length);
        int p = position;
        for (int i = 0; i < values.length; i++) {
            values[i] = ((data[p] & 0xff) << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
            p += 4;
        }
        position = p;
    }

    public long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    public byte[] readBytes(int length) {
        need(length);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    public String readString() {
        int length = readInt();
        need(length);
        String s = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    @Override
    public int read() {
        return position < limit ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, limit - position);
        if (n <= 0) {
            return -1;
        }
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }
}
