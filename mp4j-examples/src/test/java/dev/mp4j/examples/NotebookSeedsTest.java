package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The programs of seed 003 (notebook), each run in its own JVM. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotebookSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);
    private static final String TIMES = "CPU times: total: \\d+\\.\\d\\d s";
    private static final String WALL = "Wall time: \\d+\\.\\d\\d s";

    @Test
    void serialFactorialsReportCpuAndWallTime() throws Exception {
        List<String> lines = SeedProgramRunner.run(FactorialSerial.class, LIMIT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(TIMES);
        assertThat(lines.get(1)).matches(WALL);
    }

    @Test
    void executorFactorialsReportCpuAndWallTime() throws Exception {
        List<String> lines = SeedProgramRunner.run(FactorialThreadPoolExecutor.class, LIMIT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(TIMES);
        assertThat(lines.get(1)).matches(WALL);
    }

    @Test
    void sleepingThreadsReportTheirTimes() throws Exception {
        List<String> lines = SeedProgramRunner.run(SleepingThreads.class, LIMIT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches(WALL);
    }

    @Test
    void hundredLockedIncrementsCountToAHundred() throws Exception {
        assertThat(SeedProgramRunner.run(LockedCounter.class, LIMIT)).containsExactly("100");
    }

    @Test
    void depositsAndWithdrawalsUnderALockLeaveTheBalanceAt500() throws Exception {
        assertThat(SeedProgramRunner.run(ValueWithLock.class, LIMIT)).containsExactly("500");
    }

    @Test
    void aProcessChildStartsFreshWhileAThreadSharesTheParentsMemory() throws Exception {
        assertThat(SeedProgramRunner.run(StartMethods.class, LIMIT)).containsExactly(
                "start methods in Python: fork, spawn, forkserver; on the JVM: spawn (a fresh JVM per process)",
                "PROCESSES child: static state = 0, captured value = 42 (another JVM)",
                "THREADS child: static state = 42, captured value = 42 (same JVM)");
    }

    @Test
    void unjoinedThreadsStillPrintAfterTheMainThreadSaysBye() throws Exception {
        assertThat(SeedProgramRunner.run(UnjoinedThreads.class, LIMIT, 0.2))
                .containsExactly("Bye from the main thread!", "Im still alive!", "Im still alive!");
    }

    @Test
    void aDeadBackgroundThreadIsNoticedByItsExitCode() throws Exception {
        assertThat(SeedProgramRunner.run(BackgroundThreadDied.class, LIMIT)).containsExactly(
                "main thread: carrying on, unaware that the background thread died",
                "main thread: cache-refresher alive? false, exit code 1",
                "careful-refresher: refresh failed: java.lang.IllegalStateException: cache server unreachable",
                "main thread: careful-refresher exit code 0");
    }

    @Test
    void deadlockIsDetectedByATimeoutAndResolvedByBackingOff() throws Exception {
        List<String> lines = SeedProgramRunner.run(Deadlock.class, LIMIT);
        assertThat(lines.subList(0, 2)).containsExactlyInAnyOrder("Thread-1 holds lock A", "Thread-2 holds lock B");
        assertThat(lines.subList(2, lines.size())).containsExactly(
                "Thread-1: deadlock detected, lock B not free within the timeout; releasing lock A",
                "Thread-2 got lock A too",
                "both threads ended: true");
    }

    @Test
    void aThreadLockIsRefusedAcrossProcessesAndAnMp4jLockWorks() throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadLockAcrossProcesses.class, LIMIT);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("thread lock: cannot start process")
                .contains("field 'lock' of dev.mp4j.examples.ThreadLockAcrossProcesses$MyClass")
                .contains("java.util.concurrent.locks.ReentrantLock").contains("dev.mp4j.sync.Lock");
        assertThat(lines.get(1)).isEqualTo("parent holds the lock while the child starts");
        assertThat(lines.get(2)).matches("To be executed from multiple processes \\(pid \\d+\\)");
    }

    @Test
    void tooMuchStateIsReportedWithTheFieldThatHoldsIt() throws Exception {
        List<String> lines = SeedProgramRunner.run(TooMuchState.class, LIMIT);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("Trying to serialize too much state into children processes!");
        assertThat(lines.get(1)).contains("field 'lock' of dev.mp4j.examples.TooMuchState$MyClass")
                .contains("java.util.concurrent.locks.ReentrantLock");
        assertThat(lines.get(2)).isEqualTo("Trying to serialize too much state into children processes!");
        assertThat(lines.get(3)).contains("field 'worker' of dev.mp4j.examples.TooMuchState$WithWorkerThread")
                .contains("java.lang.Thread");
    }

    @Test
    void aWriterStarvesWhileReadersTakeTurnsAndGetsInWhenTheyStop() throws Exception {
        List<String> lines = SeedProgramRunner.run(Starvation.class, LIMIT);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("writer: starved, no turn within 1 s while the readers did \\d+ reads");
        assertThat(lines.subList(1, 3)).containsExactly("writer: got the lock once the readers stopped", "readers inside at the end: 0");
    }

    @Test
    void platformThreadsAreOneToOneAndVirtualThreadsShareAFewCarriers() throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadModels.class, LIMIT, 0.2);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("THREADS: 1000 sleeping threads ran on 1000 kernel-level threads");
        assertThat(lines.get(1)).matches("THREADS: took \\d+\\.\\d\\d s");
        assertThat(lines.get(2)).matches("VIRTUAL_THREADS: 1000 sleeping threads ran on \\d+ kernel-level threads");
        int carriers = Integer.parseInt(lines.get(2).replaceAll(".* ran on (\\d+) kernel-level threads", "$1"));
        assertThat(carriers).as("the JVM's carrier pool, at most 256 threads").isBetween(1, 256);
        assertThat(lines.get(3)).matches("VIRTUAL_THREADS: took \\d+\\.\\d\\d s");
    }
}
