package dev.mp4j.lab.isolation;

import dev.mp4j.lab.python.PythonTwin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The isolation table's outcomes: on processes only the failing task fails; on threads System.exit
 * ends the (throwaway) JVM and a stuck loop keeps running; CPython's Pool never answers for a
 * worker that exited. Runs the whole table once (with CPython when python3 is installed).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class IsolationExperimentTest {
    private static IsolationExperiment.Result result;
    private static final Map<Failure, IsolationExperiment.Row> ROWS = new EnumMap<>(Failure.class);
    private static final List<String> BATCHES = new ArrayList<>();

    @BeforeAll
    static void runTheTable() throws Exception {
        Optional<PythonTwin> python = PythonTwin.find("python3", new ArrayList<>());
        try {
            result = IsolationExperiment.run(python.orElse(null), new IsolationExperiment.Listener() {
                @Override
                public void batch(String runtime, Failure failure) {
                    BATCHES.add(runtime + " " + failure.argument());
                }

                @Override
                public void done(String runtime, Failure failure, double seconds) {
                }
            });
        } finally {
            python.ifPresent(PythonTwin::close);
        }
        result.rows().forEach(row -> ROWS.put(row.failure(), row));
    }

    @Test
    void onProcessesOnlyTheFailingTaskFailsAndTheLabsOwnJvmSurvives() {
        for (Failure failure : Failure.values()) {
            Outcome outcome = ROWS.get(failure).processes();
            assertThat(outcome.verdict()).as(failure + ": " + outcome.describe()).isEqualTo(Outcome.Verdict.ISOLATED);
            assertThat(outcome.othersCompleted()).isEqualTo(IsolationProbe.OTHERS);
            assertThat(outcome.usableAfter()).isTrue();
        }
        assertThat(ROWS.get(Failure.EXIT).processes().failingTask()).startsWith("WorkerDiedException");
        assertThat(ROWS.get(Failure.HEAP).processes().failingTask()).contains("OutOfMemoryError");
        assertThat(ROWS.get(Failure.STUCK).processes().failingTask()).startsWith("TaskTimeoutException");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void onThreadsSystemExitEndsTheWholeJvmAndAStuckLoopCannotBeStopped() {
        Outcome exit = ROWS.get(Failure.EXIT).threads();
        assertThat(exit.verdict()).isEqualTo(Outcome.Verdict.EVERYTHING_LOST);
        assertThat(exit.exitStatus()).isEqualTo(3);
        assertThat(exit.describe()).startsWith("everything lost: the whole runtime exited with status 3");
        Outcome stuck = ROWS.get(Failure.STUCK).threads();
        assertThat(stuck.failingTask()).startsWith("TaskTimeoutException");
        assertThat(stuck.stillRunning()).as("the abandoned thread still spins").isTrue();
        assertThat(stuck.verdict()).isEqualTo(Outcome.Verdict.KEEPS_RUNNING);
        Outcome heap = ROWS.get(Failure.HEAP).threads();
        assertThat(heap.survived()).isTrue();
        assertThat(heap.failingTask()).contains("OutOfMemoryError");
    }

    @Test
    void cpythonsPoolWaitsForeverForAWorkerThatExitedAndCannotStopAStuckTask() {
        assumeTrue(ROWS.get(Failure.EXIT).cpython() != null, "python3 is not installed");
        Outcome exit = ROWS.get(Failure.EXIT).cpython();
        assertThat(exit.failingTask()).startsWith("no answer within");
        assertThat(exit.verdict()).isEqualTo(Outcome.Verdict.HANGS);
        assertThat(exit.othersCompleted()).isEqualTo(IsolationProbe.OTHERS);
        assertThat(ROWS.get(Failure.STUCK).cpython().verdict()).isEqualTo(Outcome.Verdict.KEEPS_RUNNING);
        assertThat(ROWS.get(Failure.HEAP).cpython().failingTask()).startsWith("MemoryError");
    }

    @Test
    void theConclusionCountsTheVerdictsAndNoProcessOutlivesTheTable() {
        assertThat(result.conclusion()).startsWith("mp4j processes isolated 3 of 3 failures")
                .contains("on threads 1 took the whole JVM down and 1 left code running");
        assertThat(BATCHES).contains("threads exit", "processes heap", "threads stuck");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("IsolationProbe")
                        || p.info().commandLine().orElse("").contains("lab-twin")).toList()).isEmpty();
    }
}
