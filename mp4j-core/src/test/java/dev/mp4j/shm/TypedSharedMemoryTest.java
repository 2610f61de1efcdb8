package dev.mp4j.shm;

import dev.mp4j.Engine;
import dev.mp4j.queue.Queue;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Value and Array for every ctypes typecode, slices, raw access, ShareableList and SharedMemoryManager. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TypedSharedMemoryTest {

    /** Three values of each type's Java kind: its smallest, its largest, and one in between. */
    static Map<TypeCode, List<Object>> extremes() {
        Map<TypeCode, List<Object>> values = new LinkedHashMap<>();
        values.put(TypeCode.BYTE, List.of((byte) -128, (byte) 127, (byte) 5));
        values.put(TypeCode.UNSIGNED_BYTE, List.of((short) 0, (short) 255, (short) 200));
        values.put(TypeCode.SHORT, List.of(Short.MIN_VALUE, Short.MAX_VALUE, (short) -7));
        values.put(TypeCode.UNSIGNED_SHORT, List.of(0, 65535, 40000));
        values.put(TypeCode.INT, List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -3));
        values.put(TypeCode.UNSIGNED_INT, List.of(0L, 4294967295L, 3000000000L));
        values.put(TypeCode.LONG, List.of(Long.MIN_VALUE, Long.MAX_VALUE, -9L));
        values.put(TypeCode.UNSIGNED_LONG, List.of(0L, -1L, 1L << 63));
        values.put(TypeCode.LONG_LONG, List.of(Long.MIN_VALUE, Long.MAX_VALUE, 11L));
        values.put(TypeCode.UNSIGNED_LONG_LONG, List.of(0L, -1L, 12L));
        values.put(TypeCode.FLOAT, List.of(-Float.MAX_VALUE, Float.MAX_VALUE, 1.5f));
        values.put(TypeCode.DOUBLE, List.of(-Double.MAX_VALUE, Double.MAX_VALUE, Math.PI));
        values.put(TypeCode.CHAR, List.of((byte) 'a', (byte) -1, (byte) 0));
        values.put(TypeCode.WCHAR, List.of((int) 'x', 0x1F600, 0x10FFFF));
        values.put(TypeCode.BOOL, List.of(true, false, true));
        return values;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void everyTypecodeRoundTripsThroughAnotherProcessWithSlices(Engine engine) throws InterruptedException {
        Map<TypeCode, List<Object>> expected = extremes();
        List<Array> arrays = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (Map.Entry<TypeCode, List<Object>> e : expected.entrySet()) {
            arrays.add(Array.of(e.getKey(), e.getValue(), e.getKey().ordinal() % 2 == 0));
            values.add(Value.of(e.getKey(), e.getValue().get(1), e.getKey().ordinal() % 2 == 1));
        }
        Queue<String> problems = Queue.create();
        try (Children children = new Children()) {
            children.start(engine, () -> {
                Map<TypeCode, List<Object>> want = extremes();
                for (int t = 0; t < arrays.size(); t++) {
                    Array array = arrays.get(t);
                    List<Object> w = want.get(array.typecode());
                    if (!array.toList().equals(w)) {
                        problems.add(array.typecode() + " array read " + array.toList() + " instead of " + w);
                    }
                    if (!values.get(t).value().equals(w.get(1))) {
                        problems.add(array.typecode() + " value read " + values.get(t).value());
                    }
                    // a[0:3] = reversed(a[0:3]), through the typecode's own Java array
                    Object slice = array.get(0, 3);
                    Object reversed = java.lang.reflect.Array.newInstance(slice.getClass().getComponentType(), 3);
                    for (int i = 0; i < 3; i++) {
                        java.lang.reflect.Array.set(reversed, i, java.lang.reflect.Array.get(slice, 2 - i));
                    }
                    array.set(0, reversed);
                    values.get(t).setValue(w.get(0));
                }
            });
            children.joinAllSucceeded(Duration.ofSeconds(60));
        }
        assertThat(problems.isEmpty()).as("problems seen by the child: %s", problems.peek()).isTrue();
        for (int t = 0; t < arrays.size(); t++) {
            List<Object> w = expected.get(arrays.get(t).typecode());
            assertThat(arrays.get(t).toList()).as("%s", arrays.get(t).typecode()).containsExactly(w.get(2), w.get(1), w.get(0));
            assertThat(values.get(t).value()).as("%s", arrays.get(t).typecode()).isEqualTo(w.get(0));
        }
    }

    @Test
    void valuesOutsideATypesRangeOrOfTheWrongKindAreRefusedBeforeWriting() {
        assertThatThrownBy(() -> Value.of('b', 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value 128 is out of range for typecode 'b' (c_byte): -128..127");
        assertThatThrownBy(() -> Value.of('B', -1)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> Value.of('I', 1L << 32)).hasMessageContaining("0..4294967295");
        assertThatThrownBy(() -> Value.of('u', 0x110000)).hasMessageContaining("code point");
        assertThatThrownBy(() -> Value.of('i', 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a Double (1.5) cannot be stored in typecode 'i'");
        assertThatThrownBy(() -> Value.of('x', 1)).hasMessageContaining("unknown typecode 'x'");
        assertThatThrownBy(() -> Value.of('i', 1).setDouble(2.0)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("use the long accessors");
        Array.OfInt ints = Array.ofInt(new int[]{1, 2, 3});
        assertThatThrownBy(() -> ints.set(1, List.of(5, 6, 7))).isInstanceOf(IndexOutOfBoundsException.class);
        Array shorts = Array.of('h', new int[]{1, 2, 3});
        assertThatThrownBy(() -> shorts.set(0, new int[]{9, 100_000})).hasMessageContaining("-32768..32767");
        assertThat(shorts.get(0, 3)).as("nothing written by the refused slice").isEqualTo(new short[]{1, 2, 3});
        assertThat(TypeCode.of("c_bool")).isEqualTo(TypeCode.BOOL);
        assertThat(TypeCode.of("c_uint64")).isEqualTo(TypeCode.UNSIGNED_LONG_LONG);
        assertThat(Value.of("c_double", 2, false)).isInstanceOf(Value.OfDouble.class).hasToString("Value('d', 2.0)");
    }

    @Test
    void slicesRawAccessTextAndTheLockOrNone() {
        Array.OfInt squares = Array.ofInt(5);
        squares.set(1, new int[]{1, 4, 9});
        assertThat(squares.get(0, 3)).containsExactly(0, 1, 4);
        assertThat(squares.toArray()).containsExactly(0, 1, 4, 9, 0);
        assertThat(squares.getObj().hasLock()).isFalse();
        squares.getObj().set(4, 16);
        assertThat(squares.get(4)).isEqualTo(16);
        assertThat(squares.segment().byteSize()).isEqualTo(20);
        assertThat(squares.toBytes()[4]).isEqualTo((byte) 1); // little-endian, as ctypes on x86-64

        Array text = Array.of('c', "hello");
        assertThat(text.length()).isEqualTo(5);
        text.setString("hi");
        assertThat(text.getString()).isEqualTo("hi");
        assertThat(text.toBytes()).containsExactly('h', 'i', 0, 'l', 'o');
        assertThatThrownBy(() -> text.setString("h\u20ac")).hasMessageContaining("not Latin-1");
        Array wide = Array.of('u', "x\uD83D\uDE00y");
        assertThat(wide.length()).isEqualTo(3);
        assertThat(wide.getString()).isEqualTo("x\uD83D\uDE00y");
        assertThat(wide).hasToString("['x', '\uD83D\uDE00', 'y']");

        Value flag = Value.of('?', false, false);
        assertThat(flag.hasLock()).isFalse();
        flag.setValue(1);
        assertThat(flag.value()).isEqualTo(true);
        assertThatThrownBy(flag::lock).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("without a lock");
        Value big = Value.of('Q', -1L);
        assertThat(big).hasToString("Value('Q', 18446744073709551615)");
        assertThat(big.getDouble()).isEqualTo(1.8446744073709552E19);
        assertThat(big.getObj().value()).isEqualTo(-1L);
        assertThat(big.lock().isLocked()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void atomicAdditionsOnNarrowTypesLoseNothingAndWrap(Engine engine) throws InterruptedException {
        Array counters = Array.of('H', 4, false);
        try (Children children = new Children()) {
            for (int w = 0; w < 2; w++) {
                children.start(engine, () -> {
                    for (int i = 0; i < 20_000; i++) {
                        for (int slot = 0; slot < 4; slot++) { // neighbours in one 4-byte word
                            counters.getAndAddLong(slot, 1);
                        }
                    }
                });
            }
            children.joinAllSucceeded(Duration.ofSeconds(60));
        }
        assertThat((int[]) counters.get(0, 4)).containsExactly(40_000, 40_000, 40_000, 40_000);
        Value b = Value.of('B', 255);
        assertThat(b.getAndAddLong(1)).isEqualTo(255);
        assertThat(b.value()).isEqualTo((short) 0);
        assertThat(b.compareAndSetLong(0, 7)).isTrue();
        assertThat(b.compareAndSetLong(0, 8)).isFalse();
        assertThat(b.getLong()).isEqualTo(7);
    }

    // ---- ShareableList

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aShareableListIsSharedWithItsTypesAndFixedRoom(Engine engine) throws InterruptedException {
        java.util.List<Object> initial = new ArrayList<>(List.of(1, 2.5, "howdy", true, 7L, new byte[]{1, 2}));
        initial.add(null);
        try (ShareableList list = ShareableList.create(initial)) {
            assertThat(list.format()).isEqualTo("qd8sxxxxxxx?q8bx");
            try (Children children = new Children()) {
                children.start(engine, () -> {
                    list.set(2, "hi there"); // 8 bytes: fits the room of "howdy"
                    try {
                        list.set(0, "int\u2192str"); // 9 bytes of UTF-8 do not fit an int's 8
                    } catch (IllegalArgumentException refused) {
                        list.set(1, 9.5);
                    }
                });
                children.start(engine, () -> ShareableList.open(list.name()).set(3, null));
                children.joinAllSucceeded(Duration.ofSeconds(60));
            }
            assertThat(list.get(1)).isEqualTo(9.5);
            assertThat(list.get(6)).isNull();
            assertThat(list.get(2)).isEqualTo("hi there");
            assertThat(list.get(0)).as("the refused set left the item alone").isEqualTo(1);
            assertThat(list.get(3)).isNull();
            assertThat(list.get(4)).isEqualTo(7L);
            assertThat((byte[]) list.get(5)).containsExactly(1, 2);
            assertThat(list.count(7L)).isEqualTo(1);
            assertThat(list.indexOf(9.5)).isEqualTo(1);
            assertThat(list.indexOf(2.5)).isEqualTo(-1);
            assertThatThrownBy(() -> list.set(2, "nine byte")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds available storage of 8 bytes");
            assertThatThrownBy(() -> list.set(1, 1.5f)).hasMessageContaining("not a java.lang.Float");
            assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    /** Each item is read whole even while another process rewrites it (Python's list gives no such promise). */
    @Test
    void aReaderNeverSeesHalfAnItemWrittenByAnotherProcess() throws InterruptedException {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        try (ShareableList list = ShareableList.create(List.of(a, 0))) {
            try (Children children = new Children()) {
                children.start(() -> {
                    int i = 0;
                    while (list.get(1).equals(0)) {
                        list.set(0, i++ % 2 == 0 ? b : a);
                    }
                });
                for (int i = 0; i < 20_000; i++) {
                    assertThat((String) list.get(0)).isIn(a, b);
                }
                list.set(1, 1);
                children.joinAllSucceeded(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void aSharedMemoryManagerReleasesEverythingAtShutdown() throws InterruptedException {
        SharedMemory block;
        ShareableList list;
        List<String> names;
        try (SharedMemoryManager smm = SharedMemoryManager.start()) {
            block = smm.sharedMemory(4096);
            list = smm.shareableList(List.of("x", 1));
            names = smm.segmentNames();
            try (Children children = new Children()) {
                children.start(() -> {
                    block.buffer().put(0, (byte) 42);
                    list.set(1, 2);
                    block.close(); // an attachment: closing it does not unlink the block
                    list.close();
                });
                children.joinAllSucceeded(Duration.ofSeconds(30));
            }
            block.close();
            list.close();
            assertThat(SharedMemory.open(block.name()).buffer().get(0)).isEqualTo((byte) 42);
            assertThat(ShareableList.open(list.name()).get(1)).isEqualTo(2);
            assertThat(names).hasSize(2).allSatisfy(n -> assertThat(SharedMemoryTestSupport.exists(n)).isTrue());
        }
        assertThat(names).allSatisfy(n -> assertThat(SharedMemoryTestSupport.exists(n)).isFalse());
        SharedMemoryManager stopped = SharedMemoryManager.start();
        stopped.shutdown();
        assertThatThrownBy(() -> stopped.sharedMemory(8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    static final class SharedMemoryTestSupport {
        static boolean exists(String name) {
            return Files.exists(dev.mp4j.internal.shm.SharedSegment.directory().resolve(name));
        }
    }
}
