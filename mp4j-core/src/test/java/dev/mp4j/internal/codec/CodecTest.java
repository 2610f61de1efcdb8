package dev.mp4j.internal.codec;

import dev.mp4j.SerializationException;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecTest {
    private final Codec codec = Codec.standard();

    @Test
    void fastPathTypesRoundTrip() {
        for (Object value : Arrays.asList(null, true, false, 0, -7, Integer.MAX_VALUE, 42L, Long.MIN_VALUE, 3.25, Double.NaN,
                "", "héllo ✓", new byte[] {1, 2, 3})) {
            Object back = codec.decode(codec.encode(value));
            if (value instanceof byte[] bytes) {
                assertThat((byte[]) back).containsExactly(bytes);
            } else {
                assertThat(back).isEqualTo(value);
            }
        }
        assertThat(codec.decode(codec.encode(ValueList.wrap(List.of(1, "a", 2L))))).isEqualTo(List.of(1, "a", 2L));
    }

    @Test
    void listsOfIntegersRoundTripCompactlyAtEverySize() {
        for (int size : new int[] {0, 1, 7, 8, 9, 1000}) {
            List<Object> ints = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ints.add(i % 3 == 0 ? Integer.MIN_VALUE + i : i * 1_000_003 - 500);
            }
            byte[] encoded = codec.encode(ValueList.wrap(ints));
            assertThat(codec.decode(encoded)).isEqualTo(ints);
            if (size >= 8) {
                assertThat(encoded.length).isEqualTo(1 + 4 + 4 * size); // tag, count, raw ints
            }
        }
        List<Object> mixed = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8));
        mixed.add(9L);
        mixed.add(null);
        assertThat(codec.decode(codec.encode(ValueList.wrap(mixed)))).isEqualTo(mixed);
        List<Object> words = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"));
        assertThat(codec.decode(codec.encode(ValueList.wrap(words)))).isEqualTo(words);
        List<Object> almostInts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            almostInts.add(i == 500 ? "not an int" : i);
        }
        // nested after other values: falling back from the compact form must leave what came before intact
        List<Object> outer = List.of("before", ValueList.wrap(almostInts), ValueList.wrap(ints(20)), "after");
        assertThat(codec.decode(codec.encode(ValueList.wrap(outer)))).isEqualTo(List.of("before", almostInts, ints(20), "after"));
    }

    @Test
    void aDecodedIntListReadsWholeAndReencodesAsTheSameInts() {
        List<Object> values = ints(1000);
        List<?> decoded = (List<?>) codec.decode(codec.encode(ValueList.wrap(values)));
        // how results are gathered (ArrayList.addAll, List.copyOf) and how a worker sends them back on
        assertThat(decoded.toArray()).containsExactly(values.toArray());
        List<Object> gathered = new ArrayList<>(List.of("first"));
        gathered.addAll(decoded);
        assertThat(gathered.subList(1, gathered.size())).isEqualTo(values);
        assertThat(List.copyOf(decoded)).isEqualTo(values);
        byte[] again = codec.encode(ValueList.wrap(decoded));
        assertThat(again).containsExactly(codec.encode(ValueList.wrap(values)));
        assertThat(codec.decode(again)).isEqualTo(values);
    }

    @Test
    void everyKindOfListOfIntegersIsWrittenCompactly() {
        List<Object> values = ints(100);
        byte[] expected = codec.encode(ValueList.wrap(values));
        Object[] array = values.toArray();
        List<List<?>> kinds = List.of(new ArrayList<>(values), List.copyOf(values), Arrays.asList(array),
                new java.util.LinkedList<>(values), ints(150).subList(0, 100), java.util.Collections.unmodifiableList(values),
                java.util.stream.IntStream.range(-10, 90).boxed().toList());
        for (List<?> kind : kinds) {
            assertThat(codec.encode(ValueList.wrap(kind))).as(kind.getClass().getName()).containsExactly(expected);
        }
    }

    private static List<Object> ints(int size) {
        List<Object> ints = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ints.add(i - 10);
        }
        return ints;
    }

    @Test
    void anIntListAnnouncingMoreElementsThanItHoldsIsRefused() {
        List<Object> ints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ints.add(i);
        }
        byte[] truncated = Arrays.copyOf(codec.encode(ValueList.wrap(ints)), 1 + 4 + 4 * 5);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("int list of 10 elements");
    }

    @Test
    void jdkTypesAndUserListsKeepTheirType() {
        ArrayList<Object> list = new ArrayList<>(List.of(1, "x"));
        assertThat(codec.decode(codec.encode(list))).isInstanceOf(ArrayList.class).isEqualTo(list);
        assertThat(codec.decode(codec.encode(Map.of("k", 1)))).isEqualTo(Map.of("k", 1));
    }

    static final class NotAllowed implements Serializable {
    }

    @Test
    void classesOffTheAllowListAreRefusedWithTheFix() {
        byte[] bytes = serialize(instance("java.awt.Point"));
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.awt.Point is a JDK class outside the packages mp4j decodes by default")
                .hasMessageContaining("-Dmp4j.serialAllow=java.awt.*");
    }

    @Test
    void knownGadgetClassesAreRefused() {
        byte[] bytes = serialize(instance("javax.management.BadAttributeValueExpException", "gadget"));
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(SerializationException.class).hasMessageContaining("deny-list");
    }

    @Test
    void truncatedAndMalformedPayloadsFailCleanly() {
        byte[] good = codec.encode("a fairly long string");
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 200})).isInstanceOf(SerializationException.class).hasMessageContaining("unknown tag");
        byte[] serialized = codec.encode(new ArrayList<>(List.of(1)));
        serialized[serialized.length / 2] ^= (byte) 0x5a;
        assertThatThrownBy(() -> codec.decode(serialized)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {4, 0, 0, 0, 1})).isInstanceOf(SerializationException.class);
    }

    @Test
    void unserializableValuesNameTheField() {
        record Holder(Object inner) implements Serializable {
        }
        assertThatThrownBy(() -> codec.encode(new Holder(new Object()))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("field 'inner'").hasMessageContaining("java.lang.Object");
    }

    @Test
    void jdkThreadLocksAreRefusedWithTheFieldAndTheCrossProcessAlternative() {
        record Holder(Object guard) implements Serializable {
        }
        for (Object lock : List.of(new java.util.concurrent.locks.ReentrantLock(), new java.util.concurrent.locks.ReentrantReadWriteLock(),
                new java.util.concurrent.locks.ReentrantReadWriteLock().writeLock(), new java.util.concurrent.locks.StampedLock(),
                new java.util.concurrent.Semaphore(2))) {
            assertThatThrownBy(() -> codec.encode(new Holder(lock))).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'guard'").hasMessageContaining(lock.getClass().getName())
                    .hasMessageContaining("only the threads of one JVM").hasMessageContaining("dev.mp4j.sync.Lock");
        }
    }

    @Test
    void jdkCollectionsThatUseLocksInternallyStillRoundTrip() {
        var map = new java.util.concurrent.ConcurrentHashMap<String, Integer>(Map.of("a", 1, "b", 2));
        assertThat(codec.decode(codec.encode(map))).isEqualTo(map);
        var queue = new java.util.concurrent.LinkedBlockingQueue<>(List.of(1, 2, 3));
        assertThat(new ArrayList<Object>((java.util.Collection<?>) codec.decode(codec.encode(queue)))).containsExactly(1, 2, 3);
    }

    /** By reflection: the test module does not read java.desktop or java.management at compile time. */
    private static Object instance(String className, Object... arguments) {
        try {
            Class<?> type = Class.forName(className);
            for (var constructor : type.getConstructors()) {
                if (constructor.getParameterCount() == arguments.length) {
                    return constructor.newInstance(arguments);
                }
            }
            throw new AssertionError("no constructor of " + className);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] serialize(Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            byte[] raw = bytes.toByteArray();
            BytesOutput framed = new BytesOutput(raw.length + 5);
            framed.writeByte(9);
            framed.writeInt(raw.length);
            framed.write(raw, 0, raw.length);
            return framed.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
