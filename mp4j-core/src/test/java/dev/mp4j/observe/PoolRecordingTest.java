package dev.mp4j.observe;

import dev.mp4j.Engine;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev.mp4j.* flight-recorder events of a pool: what a recording of a small map holds, the
 * worker JVMs' own recordings that follow the parent's, and their merge into one file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoolRecordingTest {
    private static final int TASKS = 12;

    private static Recording mp4jRecording(Path destination) throws IOException {
        Recording recording = new Recording();
        recording.setName("PoolRecordingTest");
        for (String event : List.of("TaskSubmitted", "TaskStarted", "TaskFinished", "TaskExecution", "WorkerStarted",
                "WorkerExited", "PoolCreated", "PoolClosed")) {
            recording.enable("dev.mp4j." + event).withThreshold(java.time.Duration.ZERO);
        }
        recording.setDestination(destination);
        return recording;
    }

    private static List<RecordedEvent> events(Path file, String name) throws IOException {
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void aMapRecordsOneStartedAndOneFinishedEventPerTaskWithTheWorkersPids(@TempDir Path dir) throws Exception {
        Path parentFile = dir.resolve("parent.jfr");
        Set<Long> workerPids;
        try (Recording recording = mp4jRecording(parentFile)) {
            recording.start();
            Pool pool = Pool.builder().processes(2).name("recorded").build();
            List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, TASKS).boxed().toList(), MapOptions.defaults().withChunksize(1));
            assertThat(squares).hasSize(TASKS);
            workerPids = new HashSet<>(pool.workerPids());
            pool.shutdown();
            pool.join(); // the workers have exited: their own recordings are written
            recording.stop();
        }
        List<RecordedEvent> started = events(parentFile, "dev.mp4j.TaskStarted");
        List<RecordedEvent> finished = events(parentFile, "dev.mp4j.TaskFinished");
        assertThat(started).hasSize(TASKS);
        assertThat(finished).hasSize(TASKS);
        assertThat(events(parentFile, "dev.mp4j.TaskSubmitted")).hasSize(TASKS);
        assertThat(started.stream().map(e -> e.getLong("taskId")).collect(Collectors.toSet())).hasSize(TASKS);
        assertThat(finished.stream().map(e -> e.getLong("taskId")).collect(Collectors.toSet()))
                .isEqualTo(started.stream().map(e -> e.getLong("taskId")).collect(Collectors.toSet()));
        assertThat(started).allSatisfy(e -> {
            assertThat(workerPids).contains(e.getLong("workerPid"));
            assertThat(e.getString("pool")).isEqualTo("recorded");
        });
        assertThat(finished).allSatisfy(e -> {
            assertThat(workerPids).contains(e.getLong("workerPid"));
            assertThat(e.getString("outcome")).isEqualTo("ok");
            assertThat(e.getLong("runTime")).isPositive();
        });
        assertThat(events(parentFile, "dev.mp4j.WorkerStarted")).extracting(e -> e.getLong("pid"))
                .containsExactlyInAnyOrderElementsOf(workerPids);
        // the phases partition the start-up, also for a spare whose handshake finished before the pool took it
        assertThat(events(parentFile, "dev.mp4j.WorkerStarted")).allSatisfy(e -> {
            assertThat(e.getLong("acquiredToConnected")).isNotNegative();
            assertThat(e.getLong("connectedToReady")).isNotNegative();
            assertThat(e.getLong("startUp")).isEqualTo(e.getLong("acquiredToConnected") + e.getLong("connectedToReady"));
        });
        assertThat(events(parentFile, "dev.mp4j.WorkerExited")).extracting(e -> e.getLong("pid"))
                .containsExactlyInAnyOrderElementsOf(workerPids);
        assertThat(events(parentFile, "dev.mp4j.WorkerExited")).allSatisfy(e -> {
            assertThat(e.getInt("exitCode")).isZero();
            assertThat(e.getString("reason")).isEqualTo("closed");
        });
        assertThat(events(parentFile, "dev.mp4j.PoolCreated")).extracting(e -> e.getString("pool")).contains("recorded");
        assertThat(events(parentFile, "dev.mp4j.PoolClosed")).filteredOn(e -> e.getString("pool").equals("recorded"))
                .singleElement().satisfies(e -> assertThat(e.getLong("completed")).isEqualTo(TASKS));

        // each worker JVM followed the recording into the same directory, with its side of every task
        List<Path> children;
        try (var listed = Files.list(dir)) {
            children = listed.filter(p -> p.getFileName().toString().startsWith("recorded-worker-")).toList();
        }
        assertThat(children).hasSameSizeAs(workerPids);
        Map<Long, Long> executionsByTask = new java.util.HashMap<>();
        for (Path child : children) {
            for (RecordedEvent execution : events(child, "dev.mp4j.TaskExecution")) {
                executionsByTask.merge(execution.getLong("taskId"), 1L, Long::sum);
            }
        }
        assertThat(executionsByTask.keySet()).isEqualTo(started.stream().map(e -> e.getLong("taskId")).collect(Collectors.toSet()));
        assertThat(executionsByTask.values()).containsOnly(1L);

        Path merged = dir.resolve("merged.jfr");
        List<Path> joined = Recordings.merge(merged, List.of(parentFile, dir));
        assertThat(joined).hasSize(1 + children.size());
        assertThat(events(merged, "dev.mp4j.TaskExecution")).hasSize(TASKS);
        assertThat(events(merged, "dev.mp4j.TaskFinished")).hasSize(TASKS);
        Process summary = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "summary",
                merged.toString()).redirectErrorStream(true).start();
        String printed = new String(summary.getInputStream().readAllBytes());
        assertThat(summary.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(summary.exitValue()).as(printed).isZero();
        assertThat(printed).contains("dev.mp4j.TaskExecution", "dev.mp4j.TaskFinished");
    }

    @Test
    void runningWorkersJoinARecordingThatStartsLaterAndWriteTheirFilesWhenItStops(@TempDir Path dir) throws Exception {
        try (Pool pool = Pool.builder().processes(2).name("joined").build()) {
            pool.map(x -> x, List.of(1, 2, 3, 4), 1); // both workers up, before any recording
            Set<Long> pids = new HashSet<>(pool.workerPids());
            try (Recording recording = mp4jRecording(dir.resolve("late.jfr"))) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)) // the JVM follows recordings
                        .until(() -> dev.mp4j.internal.jfr.ChildRecordings.timesTold() > 0);
                long told = dev.mp4j.internal.jfr.ChildRecordings.timesTold();
                recording.start();
                // once told, each worker starts its recorder before it reads its next task
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> dev.mp4j.internal.jfr.ChildRecordings.timesTold() > told);
                List<Integer> results = pool.map(x -> x * 10, IntStream.range(0, TASKS).boxed().toList(), 1);
                assertThat(results).hasSize(TASKS);
                recording.stop();
            }
            // stopping the recording makes each worker write its file, while it keeps running
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> childFiles(dir, "joined-worker-").size() == pids.size()
                            && childFiles(dir, "joined-worker-").stream().allMatch(PoolRecordingTest::written));
            assertThat(pool.workerPids()).containsExactlyInAnyOrderElementsOf(pids);
            long executions = 0;
            for (Path child : childFiles(dir, "joined-worker-")) {
                executions += events(child, "dev.mp4j.TaskExecution").size();
            }
            assertThat(executions).isEqualTo(TASKS);
        }
    }

    @Test
    void withMp4jJfrSetWorkersRecordIntoThatDirectoryWithoutAParentRecording(@TempDir Path dir) throws Exception {
        String previous = System.setProperty("mp4j.jfr", dir.toString());
        try {
            Pool pool = Pool.builder().processes(1).name("forced").build();
            assertThat(pool.map(x -> x, IntStream.range(0, TASKS).boxed().toList(), 1)).hasSize(TASKS);
            pool.shutdown();
            pool.join();
        } finally {
            if (previous == null) {
                System.clearProperty("mp4j.jfr");
            } else {
                System.setProperty("mp4j.jfr", previous);
            }
        }
        List<Path> files = childFiles(dir, "forced-worker-");
        assertThat(files).hasSize(1);
        assertThat(events(files.getFirst(), "dev.mp4j.TaskExecution")).hasSize(TASKS);
        assertThat(events(files.getFirst(), "jdk.JVMInformation")).as("JFR's default settings").isNotEmpty();
    }

    /** True once {@code file} is a whole recording (a worker writes it when its recording stops). */
    private static boolean written(Path file) {
        try {
            RecordingFile.readAllEvents(file);
            return true;
        } catch (IOException | RuntimeException notYet) {
            return false;
        }
    }

    private static List<Path> childFiles(Path dir, String prefix) throws IOException {
        try (var listed = Files.list(dir)) {
            return listed.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void threadPoolTasksAreRecordedWithThisJvmsPidAndFailuresWithTheirOutcome(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("threads.jfr");
        try (Recording recording = mp4jRecording(file)) {
            recording.start();
            try (Pool pool = Pool.builder().engine(Engine.THREADS).processes(2).name("threads").build()) {
                List<Object> outcomes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    outcomes.add(pool.applyAsync(() -> {
                        if (n == 3) {
                            throw new IllegalStateException("task 3 fails");
                        }
                        return n;
                    }).handle((value, failure) -> failure == null ? value : "failed").join());
                }
                assertThat(outcomes).containsExactly(0, 1, 2, "failed");
            }
            recording.stop();
        }
        List<RecordedEvent> finished = events(file, "dev.mp4j.TaskFinished").stream()
                .filter(e -> e.getString("pool").equals("threads")).toList();
        assertThat(finished).hasSize(4);
        assertThat(finished).extracting(e -> e.getLong("workerPid")).containsOnly(ProcessHandle.current().pid());
        assertThat(finished).extracting(e -> e.getString("outcome")).containsExactlyInAnyOrder("ok", "ok", "ok", "failed");
        assertThat(finished).filteredOn(e -> e.getString("outcome").equals("failed")).singleElement()
                .satisfies(e -> assertThat(e.getString("exception")).isEqualTo(IllegalStateException.class.getName()));
    }
}
