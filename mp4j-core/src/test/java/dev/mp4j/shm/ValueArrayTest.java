package dev.mp4j.shm;

import dev.mp4j.Engine;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ValueArrayTest {

    @Test
    void valuesSupportAtomicOperations() {
        Value.OfInt i = Value.ofInt(5);
        assertThat(i.addAndGet(3)).isEqualTo(8);
        assertThat(i.getAndAdd(2)).isEqualTo(8);
        assertThat(i.compareAndSet(9, 1)).isFalse();
        assertThat(i.compareAndSet(10, 1)).isTrue();
        assertThat(i.getAndSet(7)).isEqualTo(1);
        assertThat(i.get()).isEqualTo(7);
        Value.OfLong l = Value.ofLong(1L << 40);
        assertThat(l.incrementAndGet()).isEqualTo((1L << 40) + 1);
        Value.OfDouble d = Value.ofDouble(1.5);
        assertThat(d.addAndGet(1.25)).isEqualTo(2.75);
        assertThat(d.compareAndSet(2.75, 0.5)).isTrue();
        assertThat(d).hasToString("Value('d', 0.5)");
    }

    @Test
    void aValueWithoutALockSaysSoWhenAskedForIt() {
        Value.OfInt raw = Value.ofInt(0, false);
        assertThat(raw.hasLock()).isFalse();
        assertThatThrownBy(raw::lock).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("created without a lock");
        assertThat(Value.ofInt(0).lock().isLocked()).isFalse();
    }

    @Test
    void arraysHoldTheirValuesAndCheckBounds() {
        Array.OfInt ints = Array.ofInt(new int[]{1, 2, 3});
        assertThat(ints.length()).isEqualTo(3);
        assertThat(ints.addAndGet(1, 10)).isEqualTo(12);
        assertThat(ints.toArray()).containsExactly(1, 12, 3);
        assertThat(ints).hasToString("[1, 12, 3]");
        assertThatThrownBy(() -> ints.get(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 3 out of bounds for shared array of length 3");
        Array.OfDouble doubles = Array.ofDouble(4);
        doubles.set(2, 2.5);
        assertThat(doubles.addAndGet(2, 0.5)).isEqualTo(3.0);
        assertThat(Array.ofLong(new long[]{7}, false).hasLock()).isFalse();
        assertThatThrownBy(() -> Array.ofInt(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeserializedValueAndItsLockShareState() {
        Value.OfLong value = Value.ofLong(1);
        Value.OfLong copy = (Value.OfLong) Codec.standard().decode(Codec.standard().encode(value));
        copy.addAndGet(41);
        assertThat(value.get()).isEqualTo(42);
        value.lock().lock();
        assertThat(copy.lock().isLocked()).isTrue();
        value.lock().unlock();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void atomicUpdatesFromSeveralWorkersAreAllCounted(Engine engine) throws InterruptedException {
        Value.OfLong total = Value.ofLong(0);
        Array.OfInt perSlot = Array.ofInt(2);
        Value.OfDouble sum = Value.ofDouble(0);
        try (Children children = new Children()) {
            for (int w = 0; w < 2; w++) {
                int slot = w;
                children.start(engine, () -> {
                    for (int i = 0; i < 100_000; i++) {
                        total.incrementAndGet();
                        perSlot.addAndGet(slot, 1);
                        perSlot.addAndGet(1 - slot, 1);
                    }
                    for (int i = 0; i < 1000; i++) {
                        sum.addAndGet(0.5);
                    }
                });
            }
            children.joinAllSucceeded(Duration.ofSeconds(40));
        }
        assertThat(total.get()).isEqualTo(200_000);
        assertThat(perSlot.toArray()).containsExactly(200_000, 200_000);
        assertThat(sum.get()).isEqualTo(1000.0);
    }
}
