package dev.mp4j.pool;

import dev.mp4j.Engine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's starmap over argument tuples of any length. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolStarmapTest {

    static int volume(int length, int width, int height) {
        return length * width * height;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void starmapSpreadsTuplesOfThreeAndFourArguments(Engine engine) {
        try (Pool pool = Pool.builder().engine(engine).processes(2).build()) {
            assertThat(pool.starmap(PoolStarmapTest::volume, List.of(List.of(1, 2, 3), List.of(4, 5, 6)))).containsExactly(6, 120);
            assertThat(pool.starmap((String s, Integer from, Integer to) -> s.substring(from, to),
                    List.of(List.of("multiprocessing", 0, 5), List.of("threading", 3, 9)))).containsExactly("multi", "eading");
            assertThat(pool.starmapAsync((Integer a, Integer b, Integer c, Integer d) -> a * 1000 + b * 100 + c * 10 + d,
                    List.of(List.of(1, 2, 3, 4), List.of(4, 3, 2, 1)), MapOptions.defaults().withChunksize(1)).join())
                    .containsExactly(1234, 4321);
            assertThat(pool.starmap((Integer a, Integer b) -> a - b, List.of(Map.entry(5, 3)))).containsExactly(2);

            assertThatThrownBy(() -> pool.starmap(PoolStarmapTest::volume, List.of(List.of(1, 2, 3), List.of(1, 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tuple 1").hasMessageContaining("[1, 2]").hasMessageContaining("takes 3 arguments");
            assertThatThrownBy(() -> pool.starmap((String s, Integer a, Integer b) -> s, List.of(List.of(1, 2, 3))).getFirst())
                    .cause().isInstanceOf(ClassCastException.class);
        }
    }
}
