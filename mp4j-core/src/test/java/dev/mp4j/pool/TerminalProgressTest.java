package dev.mp4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TerminalProgressTest {

    @Test
    void barFollowsAMapToItsTotal() {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();
        try (Pool pool = ThreadPool.create(2); TerminalProgress bar = TerminalProgress.create("test")) {
            pool.map(x -> x, items, MapOptions.defaults().withChunksize(7).withProgress(bar));
            assertThat(bar.current()).isEqualTo(500);
        }
    }
}
