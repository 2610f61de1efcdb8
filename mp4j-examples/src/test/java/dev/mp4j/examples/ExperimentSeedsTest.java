package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeds' three experiments as programs: Final_example, the prime-sum assignment, integrate_main. */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class ExperimentSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    @Test
    void factorizingTheSeedsNumbersGivesTheSeedsChecksum() {
        var factors = FinalExample.serialFactorizer(FinalExample.numbers(FinalExample.SEED_START, FinalExample.SEED_COUNT));
        assertThat(factors).hasSize(300).containsKey(9_999_999_999_999L).containsKey(10_000_000_000_597L);
        assertThat(FinalExample.checksum(factors)).isEqualTo(FinalExample.SEED_CHECKSUM);
        assertThat(FinalExample.factorizeNaive(9_999_999_999_999L)).containsExactly(3L, 3L, 53L, 79L, 265371653L);
        assertThat(FinalExample.factorizeNaive(1)).isEmpty();
    }

    @Test
    void finalExampleTimesSerialThreadsAndProcessesAndDrawsTheBarChart() throws Exception {
        List<String> lines = SeedProgramRunner.runWithArguments(FinalExample.class, LIMIT, "40");
        assertThat(lines.getFirst()).isEqualTo("Running benchmark...");
        assertThat(lines).filteredOn(l -> l.matches("\\[(serial|threaded \\d|mp \\d)] Elapsed: \\d+\\.\\d{3}"))
                .extracting(l -> l.substring(0, l.indexOf(']') + 1))
                .containsExactly("[serial]", "[threaded 2]", "[mp 2]", "[threaded 4]", "[mp 4]", "[threaded 8]", "[mp 8]");
        assertThat(lines).filteredOn(l -> l.contains(" |")).extracting(l -> l.substring(0, l.indexOf(" |")).strip())
                .containsExactly("Serial", "Thread 2", "Process 2", "Thread 4", "Process 4", "Thread 8", "Process 8");
        long expected = FinalExample.checksum(FinalExample.serialFactorizer(FinalExample.numbers(FinalExample.SEED_START, 40)));
        assertThat(lines.getLast()).isEqualTo("checksum " + expected);
    }

    @Test
    void sumOfPrimesMatchesTheSeedsExampleOutput() {
        List<Long> inputs = SumPrimesAssignment.range(10, 100, 10);
        assertThat(SumPrimesAssignment.pairs(inputs, inputs.stream().map(SumPrimesAssignment::sumPrimes).toList()))
                .isEqualTo("[[10, 17], [20, 77], [30, 129], [40, 197], [50, 328], [60, 440], [70, 568], [80, 791], [90, 963]]");
        assertThat(SumPrimesAssignment.assignmentInputs()).hasSize(24).startsWith(100_000L).endsWith(2_400_000L);
        assertThat(SumPrimesAssignment.sumPrimes(100_000)).isEqualTo(454_396_537L);
    }

    @Test
    void sumPrimesAssignmentAgreesAcrossSerialProcessesAndThreads() throws Exception {
        List<String> lines = SeedProgramRunner.runWithArguments(SumPrimesAssignment.class, LIMIT, "400000");
        assertThat(lines.getFirst())
                .isEqualTo("[[10, 17], [20, 77], [30, 129], [40, 197], [50, 328], [60, 440], [70, 568], [80, 791], [90, 963]]");
        assertThat(lines).anyMatch(l -> l.startsWith("serial: ")).anyMatch(l -> l.startsWith("processes: "))
                .anyMatch(l -> l.startsWith("threads: "));
        assertThat(lines.getLast()).isEqualTo("[[100000, 454396537], [200000, 1709600813], [300000, 3709507114]]");
    }

    @Test
    void integrateMainPrintsTheSeedsNumericalSolution() throws Exception {
        List<String> lines = SeedProgramRunner.runWithArguments(IntegrateMain.class, LIMIT);
        assertThat(lines).contains("Thread Thread-1 started", "Thread Thread-2 started");
        assertThat(lines.getLast()).isEqualTo("Numerical solution with N=10000000 : 333.333283");
        assertThat(IntegrateMain.integrate(0, 10, 100)).isCloseTo(328.35, org.assertj.core.data.Offset.offset(1e-9));
    }
}
