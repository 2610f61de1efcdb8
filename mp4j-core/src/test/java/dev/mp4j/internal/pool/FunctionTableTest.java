package dev.mp4j.internal.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded function table a pool worker keeps and its parent mirrors. */
class FunctionTableTest {

    @Test
    void theLeastRecentlyUsedFunctionIsDroppedFirst() {
        FunctionTable<String> table = new FunctionTable<>(2);
        table.add(1, "one");
        table.add(2, "two");
        assertThat(table.touch(1)).isEqualTo("one"); // 2 is now the least recently used
        table.add(3, "three");
        assertThat(table.contains(2)).isFalse();
        assertThat(table.contains(1)).isTrue();
        assertThat(table.contains(3)).isTrue();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void containsIsNotAUse() {
        FunctionTable<String> table = new FunctionTable<>(2);
        table.add(1, "one");
        table.add(2, "two");
        assertThat(table.contains(1)).isTrue();
        table.add(3, "three");
        assertThat(table.contains(1)).as("still the least recently used").isFalse();
        assertThat(table.touch(1)).isNull();
    }

    @Test
    void aTableHoldsAtLeastOneFunction() {
        assertThatThrownBy(() -> new FunctionTable<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
