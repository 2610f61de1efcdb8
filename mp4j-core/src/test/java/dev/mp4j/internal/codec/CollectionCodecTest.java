package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDK's common collections of plain values cross compactly, come back equal and of the class
 * JDK serialization gives; anything the compact form cannot keep exactly (identity, a comparator, access order)
 * goes through JDK serialization as before.
 */
class CollectionCodecTest {
    private final Codec codec = Codec.standard();

    private Object roundTrip(Object value) {
        return codec.decode(codec.encode(value));
    }

    /** What JDK serialization gives back (an immutable list of two from Stream.toList() comes back as List.of's). */
    private static Object jdkRoundTrip(Object value) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private int tag(Object value) {
        return codec.encode(value)[0];
    }

    @Test
    void everyCompactKindComesBackEqualAndOfTheSameClass() {
        Map<Long, List<Long>> factors = new HashMap<>();
        factors.put(12L, new ArrayList<>(List.of(2L, 2L, 3L)));
        factors.put(7L, new ArrayList<>(List.of(7L)));
        List<Object> values = List.of(
                new ArrayList<>(Arrays.asList(1, "two", 3.0, 4L, true, null)),
                new LinkedList<>(List.of("a", "b")),
                List.of(1), List.of(1, 2, 3), List.of(),
                new HashSet<>(Set.of("x", "y")), new LinkedHashSet<>(List.of(3, 1, 2)),
                new TreeSet<>(Set.of(5, 1, 3)), Set.of("only"), Set.of(1, 2, 3),
                factors, new TreeMap<>(Map.of("b", 2, "a", 1)), Map.of("k", 1), Map.of("k", 1, "l", 2),
                Stream.of(1, 2).toList(), Stream.of(1, null, 3).toList());
        for (Object value : values) {
            assertThat(tag(value)).as("%s is written compactly", value.getClass()).isEqualTo(ObjectCodec.COLLECTION);
            Object decoded = roundTrip(value);
            assertThat(decoded).as("%s", value.getClass()).isEqualTo(value).hasSameClassAs(jdkRoundTrip(value));
        }
        assertThat(new ArrayList<Object>((LinkedHashSet<?>) roundTrip(new LinkedHashSet<>(List.of(3, 1, 2)))))
                .as("insertion order kept").containsExactly(3, 1, 2);
    }

    @Test
    void nestingIsKeptAndAManyElementListIsSmall() {
        List<List<Integer>> nested = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nested.add(new ArrayList<>(IntStream.range(0, 10).boxed().toList()));
        }
        assertThat(roundTrip(nested)).isEqualTo(nested);
        List<Long> longs = new ArrayList<>(IntStream.range(0, 1000).mapToObj(i -> (long) i).toList());
        assertThat(codec.encode(longs).length).as("a tag and 8 bytes per Long").isLessThanOrEqualTo(10 + 9 * 1000);
    }

    @Test
    void whatTheCompactFormCannotKeepGoesThroughSerialization() {
        List<Integer> shared = new ArrayList<>(List.of(1));
        List<List<Integer>> twice = new ArrayList<>(List.of(shared, shared));
        assertThat(tag(twice)).isEqualTo(ObjectCodec.SERIALIZED);
        @SuppressWarnings("unchecked")
        List<List<Integer>> decoded = (List<List<Integer>>) roundTrip(twice);
        assertThat(decoded.get(0)).as("still one list").isSameAs(decoded.get(1));

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThat(tag(cycle)).isEqualTo(ObjectCodec.SERIALIZED);

        TreeSet<String> reversed = new TreeSet<>(Comparator.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        assertThat(tag(reversed)).isEqualTo(ObjectCodec.SERIALIZED);
        assertThat(((TreeSet<?>) roundTrip(reversed)).first()).isEqualTo("b");

        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
        lru.put("a", 1);
        lru.put("b", 2);
        assertThat(tag(lru)).isEqualTo(ObjectCodec.SERIALIZED);
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Integer> decodedLru = (LinkedHashMap<String, Integer>) roundTrip(lru);
        decodedLru.get("a");
        assertThat(decodedLru.keySet()).as("still access-ordered").containsExactly("b", "a");

        assertThat(tag(new ArrayList<>(List.of(new byte[] {1})))).as("a mutable element").isEqualTo(ObjectCodec.SERIALIZED);
        assertThat(tag(new Subclass())).as("a subclass").isEqualTo(ObjectCodec.SERIALIZED);
        assertThat(tag(Arrays.asList(1, 2))).isEqualTo(ObjectCodec.SERIALIZED);
        List<?> withNull = (List<?>) roundTrip(Stream.of(1, null).toList());
        assertThat(withNull).as("Stream.toList() may hold null").isEqualTo(Arrays.asList(1, null));
        assertThat(withNull.contains(null)).isTrue();
    }

    static final class Subclass extends ArrayList<Object> {
    }

    private static byte[] collection(int kind, int size, Object... elements) {
        BytesOutput out = new BytesOutput(64);
        out.writeByte(ObjectCodec.COLLECTION);
        out.writeByte(kind);
        out.writeInt(size);
        for (Object element : elements) {
            Codec.standard().encode(element, out);
        }
        return out.toByteArray();
    }

    @Test
    void malformedCollectionsAreRefusedCleanly() {
        assertThatThrownBy(() -> codec.decode(collection(CollectionCodec.ARRAY_LIST, 1_000_000, 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("1000000 elements");
        assertThatThrownBy(() -> codec.decode(collection(42, 0))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown collection kind 42");
        assertThatThrownBy(() -> codec.decode(collection(CollectionCodec.IMMUTABLE_SET, 2, "x", "x")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> codec.decode(collection(CollectionCodec.HASH_MAP, 2, "k", 1, "k", 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("duplicate keys");
        assertThatThrownBy(() -> codec.decode(collection(CollectionCodec.TREE_SET, 2, "x", 1)))
                .as("keys that do not compare").isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> codec.decode(collection(CollectionCodec.IMMUTABLE_LIST, 1, (Object) null)))
                .isInstanceOf(SerializationException.class);
        byte[] deep = new byte[6 * (ObjectCodec.MAX_LIST_DEPTH + 2)];
        for (int level = 0; level <= ObjectCodec.MAX_LIST_DEPTH + 1; level++) {
            int at = level * 6;
            deep[at] = ObjectCodec.COLLECTION;
            deep[at + 1] = CollectionCodec.ARRAY_LIST;
            deep[at + 5] = 1; // one element: the next level
        }
        assertThatThrownBy(() -> codec.decode(deep)).isInstanceOf(SerializationException.class).hasMessageContaining("nested deeper");
    }
}
