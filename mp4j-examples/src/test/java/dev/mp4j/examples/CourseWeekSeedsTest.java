package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The programs of seed 002 (course week 7), each run in its own JVM. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CourseWeekSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);

    private static List<String> requestNumbers(List<String> lines) {
        return lines.stream().filter(l -> l.contains("Hello, World! (request "))
                .map(l -> l.replaceAll(".*\\(request (\\d+)\\)$", "$1")).toList();
    }

    private static List<String> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).toList();
    }

    @Test
    void threeThreadsSayHelloFiveTimesEach() throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadingModule.class, LIMIT);
        assertThat(lines).hasSize(15);
        assertThat(lines.stream().collect(Collectors.groupingBy(l -> l, Collectors.counting())))
                .containsOnlyKeys("hello from thread Thread-1", "hello from thread Thread-2", "hello from thread Thread-3")
                .allSatisfy((line, count) -> assertThat(count).isEqualTo(5));
    }

    @Test
    void subclassedThreadRunsItsRunMethod() throws Exception {
        assertThat(SeedProgramRunner.run(SubclassingThread.class, LIMIT)).containsExactly("hello from Thread-1");
    }

    @Test
    void threeThreadsEachGetTheLockInTurn() throws Exception {
        assertThat(SeedProgramRunner.run(Locks.class, LIMIT))
                .containsExactlyInAnyOrder("Thread-1 got lock", "Thread-2 got lock", "Thread-3 got lock");
    }

    @Test
    void nonblockingAcquireFailsWhileHeldAndSucceedsOnceFree() throws Exception {
        assertThat(SeedProgramRunner.run(NonblockingLocking.class, LIMIT)).containsExactly("couldn't get lock", "got lock");
    }

    @Test
    void boundedQueueGivesBackTheItemWithinTheTimeout() throws Exception {
        assertThat(SeedProgramRunner.run(ManagingThreadResults.class, LIMIT)).containsExactly("37337");
    }

    @Test
    void fifoLifoAndPriorityQueuesOrderTheSameItemsDifferently() throws Exception {
        assertThat(SeedProgramRunner.run(OtherQueueTypes.class, LIMIT)).containsExactly(
                "Queue: first second third",
                "LifoQueue: third second first",
                "PriorityQueue: (1, 'urgent') (2, 'normal') (3, 'low priority')");
    }

    @Test
    void twoProcessesSayHelloWithTheirOwnPids() throws Exception {
        List<String> lines = SeedProgramRunner.run(MultiprocessingModule.class, LIMIT);
        assertThat(lines).hasSize(2).allMatch(l -> l.matches("hello from process \\d+"));
        assertThat(lines.get(0)).isNotEqualTo(lines.get(1));
    }

    @Test
    void pipeCarriesFooFromOneEndToTheOther() throws Exception {
        assertThat(SeedProgramRunner.run(DifferencesWithThreading.class, LIMIT)).containsExactly("foo");
    }

    @Test
    void poolingExampleEndsOnTheTimeoutOfTheSleepingTask() throws Exception {
        assertThat(SeedProgramRunner.run(PoolingExample.class, LIMIT)).containsExactly(
                "100", "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "0", "1", "4", "TimeoutError: no result within 1 s");
    }

    @Test
    void threadPoolHasTheSameApiWithWorkersInThisProcess() throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadPoolExample.class, LIMIT);
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).containsExactly("100", "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]");
        assertThat(lines.get(2)).matches("4 worker threads in process \\d+: true");
    }

    @Test
    void coroutinesPrintInTheOrderValuesAreSent() throws Exception {
        List<String> expected = IntStream.range(0, 5).boxed()
                .flatMap(i -> java.util.stream.Stream.of(10 + i, 20 + i, 30 + i)).map(String::valueOf).toList();
        assertThat(SeedProgramRunner.run(Coroutines.class, LIMIT)).containsExactlyElementsOf(expected);
    }

    @Test
    void hundredThreadsEachGetOneAnswerFromTheLocalService() throws Exception {
        List<String> lines = SeedProgramRunner.run(ClientThreading.class, LIMIT);
        assertThat(requestNumbers(lines)).containsExactlyInAnyOrderElementsOf(oneTo(100));
        assertThat(lines.stream().filter(l -> l.contains("Hello")).map(l -> l.replaceAll(":.*", "")).distinct()).hasSize(100);
        assertThat(lines.getLast()).matches("100 requests from 100 threads in \\d+\\.\\d\\d s");
    }

    @Test
    void everyClientProcessGetsOneAnswer() throws Exception {
        List<String> lines = SeedProgramRunner.run(ClientMp.class, LIMIT, 0.02, List.of("-Dmp4j.examples.clients=8"));
        assertThat(requestNumbers(lines)).containsExactlyInAnyOrderElementsOf(oneTo(8));
        assertThat(lines.stream().filter(l -> l.startsWith("process ")).map(l -> l.replaceAll(":.*", "")).distinct())
                .as("one pid per client process").hasSize(8);
        assertThat(lines.getLast()).matches("8 requests from 8 processes in \\d+\\.\\d\\d s");
    }

    @Test
    void pooledClientCollectsEveryAnswerThroughTheResultsQueue() throws Exception {
        List<String> lines = SeedProgramRunner.run(ClientPooled.class, LIMIT);
        assertThat(requestNumbers(lines)).containsExactlyInAnyOrderElementsOf(oneTo(100));
        assertThat(lines.getLast()).matches("100 answers collected from the results queue, 20 pool threads, \\d+\\.\\d\\d s");
    }
}
