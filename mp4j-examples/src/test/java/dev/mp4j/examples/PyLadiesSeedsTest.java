package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The thread, lock, queue and process programs of seed 001 (PyLadies), each run in its own JVM. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PyLadiesSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private static List<String> countdown(int from) {
        return IntStream.iterate(from, i -> i > 0, i -> i - 1).mapToObj(i -> "Counting down " + i).toList();
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    @Test
    void countdownThreadSubclassesCountDownConcurrently() throws Exception {
        List<String> lines = SeedProgramRunner.run(CountdownThread.class, LIMIT);
        assertThat(lines).hasSize(30).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(countdown(10).stream(), countdown(20).stream()).toList());
        assertThat(lines).containsSubsequence(countdown(20).subList(0, 10));
    }

    @Test
    void countdownTargetCountsDownFromTen() throws Exception {
        assertThat(SeedProgramRunner.run(Countdown.class, LIMIT)).containsExactlyElementsOf(countdown(10));
    }

    @Test
    void withoutJoinGoodbyeComesFirstAndTheProgramStillWaitsForTheThread() throws Exception {
        assertThat(SeedProgramRunner.run(JoinPrinter.class, LIMIT, 0.5))
                .containsExactly("goodbye", "Hello!", "Hello!", "Hello!");
        assertThat(SeedProgramRunner.run(JoinPrinter.class, LIMIT, 0.02, List.of("join")))
                .containsExactly("Hello!", "Hello!", "Hello!", "goodbye");
    }

    @Test
    void daemonThreadHasEndedWithinTheJoinTimeout() throws Exception {
        List<String> lines = SeedProgramRunner.run(DaemonThreads.class, LIMIT, 1.0);
        assertThat(lines).containsExactlyInAnyOrder("daemon    Starting", "non-daemon Starting", "non-daemon Exiting",
                "daemon    Exiting", "d.isAlive() False");
        assertThat(lines).containsSubsequence("daemon    Starting", "daemon    Exiting", "d.isAlive() False");
        assertThat(lines).containsSubsequence("non-daemon Starting", "non-daemon Exiting");
    }

    @Test
    void bestSolutionKeepsTheHighestCcUnderTheLock() throws Exception {
        List<String> lines = SeedProgramRunner.run(BestSolution.class, LIMIT);
        assertThat(lines.stream().filter(l -> l.endsWith("Launching shelxe job ..... "))).hasSize(3);
        assertThat(lines.stream().filter(l -> l.endsWith("Acquire the lock"))).hasSize(3);
        assertThat(lines.stream().filter(l -> l.endsWith("Release the lock"))).hasSize(3);
        assertThat(lines.stream().filter(l -> l.contains("CC read from solution")).map(l -> l.replaceAll(".* ", "")))
                .containsExactlyInAnyOrder("31.42", "45.07", "12.8");
        List<Double> saved = lines.stream().filter(l -> l.contains("New best CC found"))
                .map(l -> Double.parseDouble(l.replaceAll(".* ", ""))).toList();
        assertThat(saved).isSorted().doesNotHaveDuplicates().endsWith(45.07);
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("Waiting for worker threads...."));
        assertThat(lines.getLast()).endsWith("Maximum final CC value found is 45.07");
    }

    @Test
    void rlockLetsChangeAandBTakeTheLockAgain() throws Exception {
        List<String> lines = SeedProgramRunner.run(RLockABManager.class, LIMIT);
        long both = lines.stream().filter(l -> l.endsWith("is changing A and B")).count();
        long a = lines.stream().filter(l -> l.endsWith("is changing A")).count();
        long b = lines.stream().filter(l -> l.endsWith("is changing B")).count();
        assertThat((a - both) + (b - both) + both).as("one call per worker").isEqualTo(10);
        assertThat(count(lines, "Lock acquired")).isEqualTo(10 + 2 * both).isEqualTo(count(lines, "Lock released"));
        assertThat(lines.stream().filter(l -> l.contains("is changing")))
                .allMatch(l -> l.matches("Thread  Thread-(10|[1-9])  is changing (A|B|A and B)"));
    }

    @Test
    void plainLockVersionRunsEveryWorker() throws Exception {
        List<String> lines = SeedProgramRunner.run(LockABManager.class, LIMIT);
        Set<String> workers = lines.stream().filter(l -> l.contains("is changing"))
                .map(l -> l.replaceAll("Thread  (Thread-\\d+)  is changing.*", "$1")).collect(Collectors.toSet());
        assertThat(workers).hasSize(10);
    }

    @Test
    void hklWorkersProcessEveryFileBeforeJoinReturns() throws Exception {
        List<String> lines = SeedProgramRunner.run(HklQueueWorkers.class, LIMIT);
        assertThat(lines.stream().filter(l -> l.startsWith("Thread  ")).map(l -> l.replaceAll(".* ", "")))
                .containsExactlyInAnyOrder("crystal_1.hkl", "crystal_2.hkl", "crystal_3.hkl");
        assertThat(lines.stream().filter(l -> l.startsWith("Sorting the")))
                .containsExactlyInAnyOrder("Sorting the  4 reflections", "Sorting the  6 reflections", "Sorting the  5 reflections");
        assertThat(count(lines, "Doing some more useful stuff with my sorted array")).isEqualTo(3);
    }

    @Test
    void countdownProcessesCountDownInChildJvms() throws Exception {
        List<String> expected = new java.util.ArrayList<>(countdown(3));
        expected.addAll(countdown(10));
        assertThat(SeedProgramRunner.run(CountdownProcess.class, LIMIT)).containsExactlyElementsOf(expected);
    }

    @Test
    void joinableQueueJoinReturnsOnceWorkerProcessesMarkedEveryTaskDone() throws Exception {
        List<String> lines = SeedProgramRunner.run(JoinableQueueWorkers.class, LIMIT);
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(0, 10).stream().map(l -> l.replaceAll(" \\(worker pid \\d+\\)$", "")))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> i + " squared is " + i * i).toList());
        assertThat(lines.getLast()).isEqualTo("all 10 tasks done, 0 unfinished");
    }

    @Test
    void threadsEndWhenAskedAndOnlyProcessesCanBeKilled() throws Exception {
        List<String> lines = SeedProgramRunner.run(KillingAThread.class, LIMIT);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("kill() on a thread: a thread cannot be killed on the JVM");
        assertThat(lines.subList(1, 6)).containsExactly(
                "worker: interrupted, cleaning up and ending",
                "terminate() on a thread: exit code 0",
                "worker: saw the stop flag, cleaning up and ending",
                "stop flag: exit code 0",
                "kill() on a process: exit code -9");
    }
}
