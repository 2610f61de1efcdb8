package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard codec: a one-byte tag, then a compact encoding for the values that dominate
 * parallel work (null, booleans, int, long, double, String, byte[], and lists of them; the JDK's
 * common collections of such values, see {@link CollectionCodec}), and JDK serialization,
 * restricted by {@link SerialAllowList}, for everything else. A list of Integers
 * only (a map chunk of ints, its results) is written as one tag and the raw ints, and decodes to an
 * int array boxed on access.
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectCodec implements Codec {
    static final ObjectCodec INSTANCE = new ObjectCodec();

    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int BYTES = 7;
    private static final int LIST = 8;
    static final int SERIALIZED = 9;
    private static final int INT_LIST = 10;
    /** A JDK collection of plain values ({@link CollectionCodec}). */
    static final int COLLECTION = 11;
    /** Below this size a list is written element by element: the type scan would not pay off. */
    private static final int MIN_INT_LIST = 8;
    /** Deeper nesting is refused: a few bytes per level must not overflow the decoding thread's stack. */
    static final int MAX_LIST_DEPTH = 200;

    private ObjectCodec() {
    }

    /**
     * Dispatches with instanceof tests rather than a pattern switch: the switch is linked through
     * invokedynamic on its first use, milliseconds of a cold JVM's first task.
     */
    @Override
    public void encode(Object value, BytesOutput out) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof String string) {
            out.writeByte(STRING);
            out.writeString(string);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.write(bytes, 0, bytes.length);
        } else if (value instanceof ValueList list) {
            if (list.size() < MIN_INT_LIST || !writeIntList(list, out)) {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object element : list) {
                    encode(element, out);
                }
            }
        } else {
            int kind = value instanceof java.util.Collection<?> || value instanceof java.util.Map<?, ?>
                    ? CollectionCodec.kindOf(value) : -1;
            if (kind >= 0) {
                out.writeByte(COLLECTION);
                CollectionCodec.encode(kind, value, out, this);
            } else {
                serialize(value, out, null);
            }
        }
    }

    /** Writes {@code list} as an INT_LIST if all its elements are Integers; otherwise writes nothing. */
    private static boolean writeIntList(ValueList list, BytesOutput out) {
        if (!(list.get(0) instanceof Integer)) {
            return false; // most lists that are not of ints say so at once: no copy for them
        }
        int mark = out.size();
        out.writeByte(INT_LIST);
        int[] ints = list.ints();
        if (ints != null) {
            out.writeInt(ints.length);
            out.writeInts(ints);
            return true;
        }
        Object[] elements = list.toArray(); // the backing list's own copy: one call, not one per element
        out.writeInt(elements.length);
        if (out.writeIntegers(elements, elements.length)) {
            return true;
        }
        out.truncate(mark);
        return false;
    }

    /** See {@link Codec#writesWithoutSerialization}. */
    static boolean writesNatively(Object value) {
        return value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof String || value instanceof byte[]
                || (value instanceof java.util.Collection<?> || value instanceof java.util.Map<?, ?>)
                && CollectionCodec.kindOf(value) >= 0;
    }

    /**
     * Encodes {@code value} with JDK serialization whatever its type, recording the name of every
     * class written into {@code writtenClasses}.
     */
    byte[] encodeRecordingClasses(Object value, java.util.Set<String> writtenClasses) {
        BytesOutput out = new BytesOutput(256);
        serialize(value, out, writtenClasses);
        return out.toByteArray();
    }

    private static void serialize(Object value, BytesOutput out, java.util.Set<String> writtenClasses) {
        out.writeByte(SERIALIZED);
        int lengthAt = out.size();
        out.writeInt(0);
        try (ObjectOutputStream oos = new RecordingObjectOutputStream(out, writtenClasses, value)) {
            oos.writeObject(value);
        } catch (ThreadOnlyObjectException e) {
            throw new SerializationException(SerializabilityInspector.explainThreadOnly(e.type, e.path), e.type, null);
        } catch (NotSerializableException e) {
            throw new SerializationException(SerializabilityInspector.explain(value, e), e);
        } catch (IOException e) {
            throw new SerializationException("cannot serialize " + value.getClass().getName() + ": " + e, e);
        }
        out.putInt(lengthAt, out.size() - lengthAt - 4);
    }

    @Override
    public Object decode(BytesInput in) {
        return decode(in, 0);
    }

    private Object decode(BytesInput in, int depth) {
        int tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case STRING -> in.readString();
            case BYTES -> in.readBytes(in.readInt());
            case LIST -> {
                int size = in.readInt();
                if (size < 0 || size > in.remaining()) {
                    throw new SerializationException("malformed payload: list of " + size + " elements in " + in.remaining() + " bytes");
                }
                if (depth >= MAX_LIST_DEPTH) {
                    throw new SerializationException("malformed payload: lists nested deeper than " + MAX_LIST_DEPTH + " levels");
                }
                List<Object> elements = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    elements.add(decode(in, depth + 1));
                }
                yield new ValueList(elements);
            }
            case INT_LIST -> {
                int size = in.readInt();
                if (size < 0 || size > in.remaining() / 4) {
                    throw new SerializationException("malformed payload: int list of " + size + " elements in " + in.remaining() + " bytes");
                }
                int[] values = new int[size];
                in.readInts(values);
                yield ValueList.ofInts(values);
            }
            case SERIALIZED -> deserialize(in);
            case COLLECTION -> CollectionCodec.decode(in, depth, next -> decode(in, next));
            default -> throw new SerializationException("malformed payload: unknown tag " + tag);
        };
    }

    private static Object deserialize(BytesInput in) {
        int length = in.readInt();
        if (length < 0 || length > in.remaining()) {
            throw new SerializationException("malformed payload: serialized length " + length + " but " + in.remaining() + " bytes left");
        }
        byte[] slice = in.readBytes(length);
        FilteredObjectInputStream ois = null;
        try {
            ois = new FilteredObjectInputStream(new BytesInput(slice, 0, slice.length));
            return ois.readObject();
        } catch (InvalidClassException e) {
            if (e.getCause() instanceof OversizedArrayException oversized) {
                throw new SerializationException("malformed serialized payload: " + oversized.getMessage());
            }
            if (ois != null && ois.refused != null) {
                throw new SerializationException("refused to deserialize: " + ois.refused, ois.refusedClass, e);
            }
            throw new SerializationException("cannot deserialize: " + e.getMessage(), e.classname, e);
        } catch (ClassNotFoundException e) {
            throw new SerializationException("cannot deserialize: class " + e.getMessage()
                    + " is not on this JVM's class path (a child JVM gets its parent's class path; where that"
                    + " cannot be found, set it with Pool.Builder.childClassPath or -Dmp4j.childClassPath)",
                    e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("malformed serialized payload: " + e, e);
        } finally {
            if (ois != null) {
                try {
                    ois.close();
                } catch (IOException ignored) {
                    // a byte array
                }
            }
        }
    }

    /**
     * JDK classes that serialize without error but only ever synchronize the threads of one JVM: a
     * copy in another process is a separate, unlocked object, so sending one would silently break
     * mutual exclusion (Python refuses to pickle its thread locks for the same reason). Exact
     * classes only, and only where the value's own fields, captures or elements hold them: the
     * locks inside JDK collections (LinkedBlockingQueue's, ConcurrentHashMap's segments) are part of
     * the collection's state and serialize as before.
     */
    private static final java.util.Set<Class<?>> THREAD_ONLY = java.util.Set.of(
            java.util.concurrent.locks.ReentrantLock.class,
            java.util.concurrent.locks.ReentrantReadWriteLock.class,
            java.util.concurrent.locks.ReentrantReadWriteLock.ReadLock.class,
            java.util.concurrent.locks.ReentrantReadWriteLock.WriteLock.class,
            java.util.concurrent.locks.StampedLock.class,
            java.util.concurrent.Semaphore.class);

    /** A {@link #THREAD_ONLY} object met while serializing. */
    private static final class ThreadOnlyObjectException extends IOException {
        final String type;
        final String path;

        ThreadOnlyObjectException(String type, String path) {
            super("thread-only " + type + " in " + path);
            this.type = type;
            this.path = path;
        }
    }

    /** Refuses {@link #THREAD_ONLY} objects and records the classes written when asked to. */
    private static final class RecordingObjectOutputStream extends ObjectOutputStream {
        private final java.util.Set<String> written;
        private final Object root;

        RecordingObjectOutputStream(BytesOutput out, java.util.Set<String> written, Object root) throws IOException {
            super(out);
            this.written = written;
            this.root = root;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) throws IOException {
            if (obj != null && THREAD_ONLY.contains(obj.getClass())) {
                String path = SerializabilityInspector.findPath(root, value -> value == obj);
                if (path != null) {
                    throw new ThreadOnlyObjectException(obj.getClass().getName(), path);
                }
            }
            return obj;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            ClassLoaders.remember(type);
            if (written == null) {
                return;
            }
            Class<?> element = type;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (!element.isPrimitive()) {
                written.add(element.getName());
            }
        }
    }

    /** An array header that claims more elements than its stream has bytes. */
    private static final class OversizedArrayException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OversizedArrayException(long declared, int streamBytes) {
            super("an array of " + declared + " elements declared in a stream of " + streamBytes
                    + " bytes (refused before allocation)", null, false, false);
        }
    }

    /**
     * Applies the deserialization filter ({@link SerialAllowList}) and resolves classes from the
     * application's loaders ({@link ClassLoaders}). Remembers why it refused a class, for the error.
     */
    private static final class FilteredObjectInputStream extends ObjectInputStream {
        String refused;
        String refusedClass;

        FilteredObjectInputStream(BytesInput in) throws IOException {
            super(in);
            int streamBytes = in.remaining();
            // Every array element takes at least one byte of the stream, so a longer array is a lie;
            // refusing it here keeps a tiny payload from making the JDK allocate gigabytes.
            setObjectInputFilter(info -> {
                if (info.arrayLength() > streamBytes) {
                    throw new OversizedArrayException(info.arrayLength(), streamBytes);
                }
                ObjectInputFilter.Status status = SerialAllowList.FILTER.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused == null) {
                    Class<?> type = info.serialClass();
                    while (type != null && type.isArray()) {
                        type = type.getComponentType();
                    }
                    if (type != null && !type.isPrimitive()) {
                        refused = SerialAllowList.refusal(type);
                        refusedClass = type.getName();
                    }
                    if (refused == null) {
                        refused = "the object graph is too deep or too large (depth " + info.depth() + ", "
                                + info.references() + " references)";
                    }
                }
                return status;
            });
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            if (!name.startsWith("[")) {
                String refusal = SerialAllowList.refusal(name);
                if (refusal != null) {
                    refused = refusal;
                    refusedClass = name;
                    throw new InvalidClassException(name, "REJECTED");
                }
            }
            try {
                return ClassLoaders.load(name);
            } catch (ClassNotFoundException notFound) {
                return super.resolveClass(desc); // primitive arrays, and the JDK's own resolution
            }
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            refused = "proxy classes are never deserialized";
            throw new InvalidClassException(Proxy.class.getName(), "REJECTED");
        }
    }
}
