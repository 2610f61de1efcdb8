package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compact form of the JDK collections that carry most data between processes (a list of
 * numbers, a dict of lists, as Python's pickle writes them natively): ArrayList, LinkedList,
 * HashSet, LinkedHashSet, TreeSet and TreeMap in natural order, HashMap, and the immutable lists,
 * sets and maps of {@code List.of}, {@code Set.of}, {@code Map.of} and {@code Stream.toList()}
 * (told apart from List.of's by whether it answers {@code contains(null)}). LinkedHashMap is not
 * among them: whether one is access-ordered cannot be read without touching it, and only JDK
 * serialization keeps that. JDK serialization costs microseconds per element and, in a fresh JVM,
 * tens of milliseconds before the first one; this form costs a tag per element.
 *
 * <p>Invariants: only a collection of exactly one of these classes, holding (at any depth) only
 * null, Boolean, Integer, Long, Double, String and such collections, is written this way, so the
 * value decoded is equal to the one written and of the class JDK serialization would give. A
 * collection that appears twice (shared, or in a cycle) is not written this way, since only JDK
 * serialization keeps its identity; nor is anything else (a subclass, a comparator, a byte[] or
 * any other element, nesting deeper than half of {@link ObjectCodec#MAX_LIST_DEPTH}). Decoding
 * creates only these classes and plain values, so it needs no allow-list; a payload that does not
 * decode (a size beyond the bytes left, a duplicate in a set or map, keys that do not compare) is
 * a {@link SerializationException}. Stateless and thread-safe.
 */
final class CollectionCodec {
    static final int ARRAY_LIST = 0;
    static final int LINKED_LIST = 1;
    static final int IMMUTABLE_LIST = 2;
    static final int HASH_SET = 3;
    static final int LINKED_HASH_SET = 4;
    static final int TREE_SET = 5;
    static final int IMMUTABLE_SET = 6;
    static final int HASH_MAP = 7;
    static final int TREE_MAP = 8;
    static final int IMMUTABLE_MAP = 9;
    /** The immutable list of {@code Stream.toList()}: unlike List.of's, it may hold and look for null. */
    static final int IMMUTABLE_LIST_NULLS = 10;

    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private static final Class<?> SET_12 = Set.of(1).getClass();
    private static final Class<?> SET_N = Set.of(1, 2, 3).getClass();
    private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
    private static final Class<?> MAP_N = Map.of(1, 1, 2, 2).getClass();

    private CollectionCodec() {
    }

    /** How deep collections may nest to be written this way: well inside what a decoder accepts. */
    private static final int MAX_DEPTH = ObjectCodec.MAX_LIST_DEPTH / 2;

    /** The kind {@code value} is written as, or -1 when it is not written this way. */
    static int kindOf(Object value) {
        int kind = kind(value);
        if (kind < 0 || !isCompact(value, kind, 0, new java.util.IdentityHashMap<>())) {
            return -1;
        }
        return kind;
    }

    /** List.of's lists refuse to look for null; Stream.toList()'s answer. */
    private static boolean allowsNull(List<?> list) {
        try {
            list.contains(null);
            return true;
        } catch (NullPointerException e) {
            return false;
        }
    }

    private static int kind(Object value) {
        Class<?> type = value.getClass();
        if (type == ArrayList.class) {
            return ARRAY_LIST;
        } else if (type == LinkedList.class) {
            return LINKED_LIST;
        } else if (type == LIST_12) {
            return IMMUTABLE_LIST;
        } else if (type == LIST_N) {
            return allowsNull((List<?>) value) ? IMMUTABLE_LIST_NULLS : IMMUTABLE_LIST;
        } else if (type == HashSet.class) {
            return HASH_SET;
        } else if (type == LinkedHashSet.class) {
            return LINKED_HASH_SET;
        } else if (type == TreeSet.class && ((TreeSet<?>) value).comparator() == null) {
            return TREE_SET;
        } else if (type == SET_12 || type == SET_N) {
            return IMMUTABLE_SET;
        } else if (type == HashMap.class) {
            return HASH_MAP;
        } else if (type == TreeMap.class && ((TreeMap<?, ?>) value).comparator() == null) {
            return TREE_MAP;
        } else if (type == MAP_1 || type == MAP_N) {
            return IMMUTABLE_MAP;
        }
        return -1;
    }

    /**
     * Whether {@code value} holds only plain values and collections written this way, none of them
     * twice: a collection met twice (shared, or a cycle) keeps its identity only through JDK
     * serialization. {@code seen} holds the collections met so far.
     */
    private static boolean isCompact(Object value, int kind, int depth, java.util.IdentityHashMap<Object, Boolean> seen) {
        if (depth > MAX_DEPTH || seen.put(value, Boolean.TRUE) != null) {
            return false;
        }
        if (isMap(kind)) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!isElement(entry.getKey(), depth, seen) || !isElement(entry.getValue(), depth, seen)) {
                    return false;
                }
            }
            return true;
        }
        for (Object element : (Collection<?>) value) {
            if (!isElement(element, depth, seen)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isElement(Object element, int depth, java.util.IdentityHashMap<Object, Boolean> seen) {
        if (element == null || element instanceof Boolean || element instanceof Integer || element instanceof Long
                || element instanceof Double || element instanceof String) {
            return true;
        }
        int kind = kind(element);
        return kind >= 0 && isCompact(element, kind, depth + 1, seen);
    }

    static void encode(int kind, Object value, BytesOutput out, ObjectCodec elements) {
        out.writeByte(kind);
        if (isMap(kind)) {
            Map<?, ?> map = (Map<?, ?>) value;
            out.writeInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                elements.encode(entry.getKey(), out);
                elements.encode(entry.getValue(), out);
            }
        } else {
            Collection<?> collection = (Collection<?>) value;
            out.writeInt(collection.size());
            for (Object element : collection) {
                elements.encode(element, out);
            }
        }
    }

    /** Reads what {@link #encode} wrote after the tag; {@code decoder} reads one element at {@code depth + 1}. */
    static Object decode(BytesInput in, int depth, java.util.function.IntFunction<Object> decoder) {
        int kind = in.readByte();
        int size = in.readInt();
        if (kind < ARRAY_LIST || kind > IMMUTABLE_LIST_NULLS) {
            throw new SerializationException("malformed payload: unknown collection kind " + kind);
        }
        if (size < 0 || size > in.remaining() / (isMap(kind) ? 2 : 1)) {
            throw new SerializationException("malformed payload: collection of " + size + " elements in " + in.remaining() + " bytes");
        }
        if (depth >= ObjectCodec.MAX_LIST_DEPTH) {
            throw new SerializationException("malformed payload: collections nested deeper than " + ObjectCodec.MAX_LIST_DEPTH + " levels");
        }
        try {
            if (isMap(kind)) {
                Map<Object, Object> map = switch (kind) {
                    case HASH_MAP, IMMUTABLE_MAP -> HashMap.newHashMap(size);
                    default -> new TreeMap<>();
                };
                for (int i = 0; i < size; i++) {
                    Object key = decoder.apply(depth + 1);
                    map.put(key, decoder.apply(depth + 1));
                }
                if (map.size() != size) {
                    throw new SerializationException("malformed payload: a map of " + size + " entries with duplicate keys");
                }
                return kind == IMMUTABLE_MAP ? Map.copyOf(map) : map;
            }
            List<Object> elements = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                elements.add(decoder.apply(depth + 1));
            }
            return switch (kind) {
                case ARRAY_LIST -> elements;
                case LINKED_LIST -> new LinkedList<>(elements);
                case IMMUTABLE_LIST -> List.copyOf(elements);
                case IMMUTABLE_LIST_NULLS -> elements.stream().toList();
                case HASH_SET -> checkedSet(new HashSet<>(elements), size);
                case LINKED_HASH_SET -> checkedSet(new LinkedHashSet<>(elements), size);
                case TREE_SET -> checkedSet(new TreeSet<>(elements), size);
                default -> checkedSet(Set.copyOf(elements), size);
            };
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new SerializationException("malformed payload: a collection that cannot be rebuilt (" + e + ")", e);
        }
    }

    private static boolean isMap(int kind) {
        return kind >= HASH_MAP && kind <= IMMUTABLE_MAP;
    }

    private static Set<Object> checkedSet(Set<Object> set, int size) {
        if (set.size() != size) {
            throw new SerializationException("malformed payload: a set of " + size + " elements with duplicates");
        }
        return set;
    }
}
