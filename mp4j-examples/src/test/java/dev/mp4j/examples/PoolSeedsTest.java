package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** FourProcesses, PoolExample, PoolExample2 and the notebook's Pool with initializer, each in its own JVM. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PoolSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void fourProcessesDeliverTheirResultsThroughTheQueue() throws Exception {
        List<String> lines = SeedProgramRunner.run(FourProcesses.class, LIMIT);
        assertThat(lines.getLast()).startsWith("[").endsWith("]")
                .contains("0=HelloGianluca", "1=HelloGianluca", "2=HelloGianluca", "3=HelloGianluca");
    }

    @Test
    void poolExampleMapsCubesInWorkersWhoseParentIsTheMain() throws Exception {
        List<String> lines = SeedProgramRunner.run(PoolExample.class, LIMIT);
        assertThat(lines).containsSubsequence("[1, 8, 27, 64, 125, 216]", "[1, 8, 27, 64, 125, 216]");
        List<String> pidLines = lines.stream().filter(l -> l.matches("\\d+ \\d+")).toList();
        assertThat(pidLines).hasSize(12);
        String parent = pidLines.getFirst().split(" ")[1];
        assertThat(pidLines).allSatisfy(l -> assertThat(l.split(" ")[1]).isEqualTo(parent))
                .allSatisfy(l -> assertThat(l.split(" ")[0]).isNotEqualTo(parent));
    }

    @Test
    void nineOneSecondTasksRunOnFourWorkersInAtLeastThreeWaves() throws Exception {
        List<String> lines = SeedProgramRunner.run(PoolExample2.class, LIMIT);
        List<String> tasks = lines.stream().filter(l -> l.startsWith("Process: ")).toList();
        assertThat(tasks).hasSize(9);
        // how fast is for the benchmarks; here: the work is spread over the pool's 4 workers, never more
        long workers = tasks.stream().map(l -> l.split(" ")[2]).distinct().count();
        assertThat(workers).as("distinct worker pids").isBetween(2L, 4L);
        double elapsed = Double.parseDouble(lines.getLast().replace("elapsed time: ", ""));
        assertThat(elapsed).as("9 tasks of 1 s on at most 4 workers need at least 3 waves").isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void initializerHandsTheParentsLockToEveryWorker() throws Exception {
        List<String> lines = SeedProgramRunner.run(PoolWithInitializer.class, LIMIT);
        assertThat(lines.getLast()).isEqualTo("[1, 4, 9]");
        assertThat(lines.stream().filter(l -> l.startsWith("Hello I am process"))).hasSize(3);
    }
}
