package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 001's other synchronization objects and seed 002's locking exercise, each run in its own JVM. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SyncObjectsSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void semaphoreBoundedSemaphoreEventAndConditionDoWhatTheSlideSays() throws Exception {
        List<String> lines = SeedProgramRunner.run(OtherSynchronizationObjects.class, LIMIT, 0.2);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).matches("Semaphore\\(2\\): 6 clients, at most [12] connections open at the same time");
        assertThat(lines.get(1)).isEqualTo("BoundedSemaphore(2): one release too many: Semaphore released too many times (bound 2)");
        assertThat(lines.subList(2, 7)).containsExactly(
                "Event: before set(), 0 of 3 waiters went on",
                "Event: after set(), 3 of 3 waiters went on",
                "Condition: worker-1 sees 5 items",
                "Condition: worker-2 sees 5 items",
                "Condition: worker-3 sees 5 items");
    }

    @Test
    void withTheLockEveryLineIsWholeAndTheSemaphoreLetsAtMostTwoWrite() throws Exception {
        List<String> lines = SeedProgramRunner.run(StdoutWriter.class, LIMIT);
        int lock = lines.indexOf("== Lock");
        int semaphore = lines.indexOf("== Semaphore(2)");
        assertThat(lines.getFirst()).isEqualTo("== no lock");
        assertThat(lock).isPositive();
        assertThat(semaphore).isGreaterThan(lock);
        assertThat(lines.subList(lock + 1, lock + 1 + StdoutWriter.WRITERS))
                .allMatch(l -> l.matches("Thread-[1-5]: " + StdoutWriter.SENTENCE))
                .extracting(l -> l.substring(0, 8)).doesNotHaveDuplicates();
        assertThat(lines.get(lock + 1 + StdoutWriter.WRITERS)).isEqualTo("== at most 1 writers at once");
        assertThat(lines.getLast()).matches("== at most [12] writers at once");
        // Two writers interleave, so a name may follow a word with no space between ("foxThread-3:").
        long words = lines.subList(semaphore + 1, lines.size() - 1).stream()
                .mapToLong(l -> java.util.regex.Pattern.compile("fox").matcher(l).results().count()).sum();
        assertThat(words).as("every writer wrote its whole sentence").isEqualTo(StdoutWriter.WRITERS);
    }
}
