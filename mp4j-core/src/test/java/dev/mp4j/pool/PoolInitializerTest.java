package dev.mp4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pool's initializer (Python's {@code initializer=}) as users rely on it: it runs in every
 * worker JVM before that worker's first task, with the values it captured intact (plain ones and
 * objects alike), and one that keeps failing breaks the pool with its exception named instead of
 * restarting workers without end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolInitializerTest {

    @Test
    void anInitializerOverPlainValuesRunsInEveryWorkerBeforeItsTasks() {
        String key = "mp4j.test.initializer.plain";
        int value = 42;
        try (Pool pool = Pool.builder().processes(2).initializer(() -> System.setProperty(key, "v" + value)).build()) {
            List<String> seen = pool.map(x -> System.getProperty(key), List.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
            assertThat(seen).hasSize(8).containsOnly("v42");
        }
    }

    @Test
    void anInitializerOverObjectsGetsThemIntact() {
        List<String> values = new ArrayList<>(List.of("a", "b"));
        Map<String, Integer> counts = new HashMap<>(Map.of("k", 7));
        try (Pool pool = Pool.builder().processes(1)
                .initializer(() -> System.setProperty("mp4j.test.initializer.objects", values + "/" + counts)).build()) {
            assertThat(pool.apply(() -> System.getProperty("mp4j.test.initializer.objects"))).isEqualTo("[a, b]/{k=7}");
        }
    }

    @Test
    void anInitializerThatKeepsFailingBreaksThePoolNamingItsException() {
        String reason = "no configuration file";
        Pool pool = Pool.builder().processes(1).initializer(() -> {
            throw new IllegalStateException(reason);
        }).build();
        try {
            assertThatThrownBy(() -> pool.apply(() -> 1))
                    .hasStackTraceContaining("initializer failed")
                    .hasStackTraceContaining(reason);
            assertThatThrownBy(() -> pool.apply(() -> 2)).as("a broken pool refuses work at once")
                    .isInstanceOf(BrokenPoolException.class);
        } finally {
            pool.terminate();
        }
    }
}
