package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small internal record sent as the list of its fields in the compact encoding, instead of
 * through JDK serialization: decoding a serialized record spins method handles and hidden classes,
 * which cost a fresh child JVM tens of milliseconds before its first task.
 *
 * <p>Reading checks the field count and each field's type; a mismatch is a {@link SerializationException}
 * naming the record and the field. Immutable, thread-safe.
 */
public final class WireRecord {
    private final String recordName;
    private final List<?> fields;

    private WireRecord(String recordName, List<?> fields) {
        this.recordName = recordName;
        this.fields = fields;
    }

    /** The encoding of {@code fields} (null, Boolean, Long, String, byte[] and lists of Strings). */
    public static byte[] encode(Object... fields) {
        Object[] wire = fields.clone();
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] instanceof List<?> list) {
                wire[i] = ValueList.wrap(list);
            }
        }
        return Codec.standard().encode(ValueList.wrap(Arrays.asList(wire)));
    }

    /** Decodes what {@link #encode} wrote; {@code fieldCount} must match. */
    public static WireRecord decode(byte[] payload, String recordName, int fieldCount) {
        Object decoded = Codec.standard().decode(payload);
        if (!(decoded instanceof ValueList list) || list.size() != fieldCount) {
            throw new SerializationException("malformed " + recordName + ": expected " + fieldCount + " fields");
        }
        return new WireRecord(recordName, list);
    }

    private <T> T field(int index, Class<T> type, boolean nullable) {
        Object value = fields.get(index);
        if (value == null && nullable) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new SerializationException("malformed " + recordName + ": field " + index + " is not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    public String string(int index) {
        return field(index, String.class, false);
    }

    public String nullableString(int index) {
        return field(index, String.class, true);
    }

    public long longValue(int index) {
        return field(index, Long.class, false);
    }

    public boolean bool(int index) {
        return field(index, Boolean.class, false);
    }

    public byte[] nullableBytes(int index) {
        return field(index, byte[].class, true);
    }

    /** Whether field {@code index} is a byte[] (a field that may be one of two kinds). */
    public boolean isBytes(int index) {
        return fields.get(index) instanceof byte[];
    }

    public byte[] bytes(int index) {
        return field(index, byte[].class, false);
    }

    /** A list field whose elements may be any decoded value, null included. */
    public List<Object> values(int index) {
        List<?> list = field(index, List.class, false);
        return java.util.Collections.unmodifiableList(new ArrayList<>(list));
    }

    public List<String> strings(int index) {
        List<?> list = field(index, List.class, false);
        List<String> strings = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof String s)) {
                throw new SerializationException("malformed " + recordName + ": field " + index + " is not a list of strings");
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }
}
