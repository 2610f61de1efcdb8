package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SynchronizationSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(200);

    @Test
    void synchro1PrintsTenBalancesThatMayHaveLostUpdates() throws Exception {
        List<String> lines = SeedProgramRunner.run(Synchro1.class, LIMIT);
        assertThat(lines).hasSize(10).allMatch(l -> l.matches("Final balance = -?\\d+"));
        assertThat(lines).allSatisfy(l -> assertThat(Integer.parseInt(l.substring(16))).isBetween(100 - Synchro1.UPDATES, 100 + Synchro1.UPDATES));
    }

    @Test
    void synchro2AlwaysEndsWithTheInitialBalance() throws Exception {
        assertThat(SeedProgramRunner.run(Synchro2.class, LIMIT))
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "Final balance = 100").toList());
    }

    @Test
    void thread2PrintsTenIterationsOfAtMostTwiceTheIncrements() throws Exception {
        List<String> lines = SeedProgramRunner.run(Thread2.class, LIMIT);
        assertThat(lines).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(lines.get(i)).matches("Iteration " + i + ": x = \\d+");
            // lost updates can take x below one thread's increments (down to 2 in the worst interleaving), never above the sum
            assertThat(Integer.parseInt(lines.get(i).split("= ")[1])).isBetween(2, 2 * Thread2.INCREMENTS);
        }
    }

    @Test
    void thread2bWithALockAlwaysReachesTwiceTheIncrements() throws Exception {
        assertThat(SeedProgramRunner.run(Thread2b.class, LIMIT)).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "Iteration " + i + ": x = " + 2 * Thread2b.INCREMENTS).toList());
    }
}
