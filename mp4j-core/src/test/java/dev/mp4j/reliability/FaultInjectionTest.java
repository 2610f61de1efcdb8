package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedQueue;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.WorkerDiedException;
import dev.mp4j.queue.Queue;
import dev.mp4j.queue.QueueEmptyException;
import dev.mp4j.shm.SharedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection matrix of the process engine: what the caller sees when a process dies at
 * the worst moment, and proof that no result is lost or duplicated, no process is left and no
 * {@code /dev/shm} segment leaks.
 *
 * <table>
 *   <caption>fault, what the caller sees, where it is tested</caption>
 *   <tr><td>kill -9 of a pool worker mid-task</td><td>that task alone fails with WorkerDiedException
 *       (exit code -9, SIGKILL); the worker is replaced; queued tasks run elsewhere exactly once</td>
 *       <td>{@link #workersKilledAtRandomMidTaskLoseAndDuplicateNoResultAndLeaveNoProcess},
 *       {@link #aKillRightAfterALongTaskStartsBlamesThatTaskNeverOneThatHadFinished} here;
 *       ProcessPoolFaultTest (single kill, halt with queued work)</td></tr>
 *   <tr><td>System.exit / OutOfMemoryError in a task</td><td>WorkerDiedException with the exit code /
 *       the OutOfMemoryError itself; the pool keeps working</td>
 *       <td>ProcessPoolFaultTest#systemExitAndOutOfMemoryInATaskAreReportedAsWorkerDeath;
 *       ProcessTest#exitCodesOfChildJvmsFollowPython</td></tr>
 *   <tr><td>a worker that closes its socket mid-frame</td><td>WorkerDiedException naming the cut
 *       frame; the worker is replaced</td><td>{@link #aWorkerThatHangsUpMidFrameFailsOnlyItsTaskAndIsReplaced}</td></tr>
 *   <tr><td>kill -9 of a manager server</td><td>every proxy call, including one blocked in the
 *       server, fails with UncheckedIOException ("not reachable"): no caller hangs</td>
 *       <td>{@link #aKilledManagerFailsCallsInFlightInEveryProcessAndLeavesNoProcess};
 *       ManagerProcessTest#killedServerProcessMakesCallsFailAndCloseStillReturns</td></tr>
 *   <tr><td>kill -9 of a queue producer while it writes</td><td>every item it finished putting
 *       arrives once, in order; then get(timeout) raises Empty (no hang); its segments are removed</td>
 *       <td>{@link #aProducerKilledWhileItWritesLosesNoFinishedItemAndLeaksNothing}</td></tr>
 *   <tr><td>kill -9 of the parent</td><td>its children and pool workers exit; its segments and run
 *       directory are removed</td><td>{@link #aKilledParentLeavesNoChildNoWorkerNoSegmentAndNoRunDirectory};
 *       ParentDeathTest</td></tr>
 * </table>
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultInjectionTest {

    /**
     * Runs in a pool worker. At a victim index, the first attempt announces its pid in
     * {@code dir/<x>} and blocks, so that the test kills its worker mid-task; later attempts and
     * all other indices return at once.
     */
    static long[] task(int x, boolean victim, String dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        if (victim) {
            try {
                Files.createFile(Path.of(dir, x + ".claimed"));
                Path announced = Path.of(dir, x + ".tmp");
                Files.writeString(announced, Long.toString(pid));
                Files.move(announced, Path.of(dir, Integer.toString(x)), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                // a park may return early (a permit left by a lock hand-off in the worker, or for no
                // reason at all): the victim must still be running when the test kills its worker
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left);
                }
            } catch (java.nio.file.FileAlreadyExistsException secondAttempt) {
                // this index was killed once already: run normally
            }
        }
        return new long[] {x, pid};
    }

    @Test
    void workersKilledAtRandomMidTaskLoseAndDuplicateNoResultAndLeaveNoProcess() throws Exception {
        int tasks = 1200;
        Random random = new Random(42);
        Set<Integer> victims = new HashSet<>();
        while (victims.size() < 6) {
            victims.add(random.nextInt(tasks));
        }
        String dir = Files.createTempDirectory("mp4j-victims").toString();
        Map<Integer, Integer> completions = new ConcurrentHashMap<>();
        Set<Long> workers = ConcurrentHashMap.newKeySet();
        Set<Integer> died = new HashSet<>();
        Pool pool = Pool.create(1); // one worker: tasks run in submission order, so the test knows what runs
        try {
            Map<Integer, AsyncResult<long[]>> running = new java.util.TreeMap<>();
            for (int i = 0; i < tasks; i++) {
                int x = i;
                boolean victim = victims.contains(x);
                running.put(x, pool.applyAsync(() -> task(x, victim, dir)));
            }
            // kill -9 the worker while it runs each victim's first attempt, once the results of the tasks
            // before it have come back (so that the kill cannot be blamed on them)
            for (int victim : new java.util.TreeSet<>(victims)) {
                Path announced = Path.of(dir, Integer.toString(victim));
                Map<Integer, AsyncResult<long[]>> submitted = running;
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(announced)
                        && submitted.entrySet().stream().filter(e -> e.getKey() < victim && !victims.contains(e.getKey()))
                        .allMatch(e -> e.getValue().isDone()));
                long pid = Long.parseLong(Files.readString(announced));
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                workers.add(pid);
            }
            while (!running.isEmpty()) {
                Map<Integer, AsyncResult<long[]>> again = new java.util.TreeMap<>();
                for (var entry : running.entrySet()) {
                    int x = entry.getKey();
                    try {
                        long[] result = entry.getValue().get(60, TimeUnit.SECONDS);
                        assertThat(result[0]).isEqualTo(x);
                        completions.merge(x, 1, Integer::sum);
                        workers.add(result[1]);
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).as("task %d", x).isInstanceOf(WorkerDiedException.class)
                                .hasMessageContaining("exit code -9");
                        died.add(x);
                        boolean victim = victims.contains(x);
                        again.put(x, pool.applyAsync(() -> task(x, victim, dir)));
                    }
                }
                running = again;
            }
        } finally {
            pool.close();
            pool.join();
        }
        assertThat(died).as("exactly the tasks that were running when their worker was killed failed").isEqualTo(victims);
        assertThat(completions).hasSize(tasks);
        assertThat(completions.values()).as("every task completed exactly once").containsOnly(1);
        assertThat(workers.size()).as("killed workers were replaced").isGreaterThanOrEqualTo(1 + victims.size());
        Leaks.awaitDead(workers, Duration.ofSeconds(20));
        for (long pid : workers) {
            assertThat(Leaks.segmentsOf(pid)).as("segments of worker %d", pid).isZero();
        }
    }

    @Test
    void aKillRightAfterALongTaskStartsBlamesThatTaskNeverOneThatHadFinished() throws Exception {
        String dir = Files.createTempDirectory("mp4j-victims").toString();
        int victim = 300;
        Set<Long> workers = new HashSet<>();
        // results may wait a minute behind a running task, so that some are surely unsent at the kill
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-Dmp4j.resultFlushMicros=60000000").build()) {
            List<AsyncResult<long[]>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int x = i;
                boolean isVictim = x == victim;
                results.add(pool.applyAsync(() -> task(x, isVictim, dir)));
            }
            // kill as soon as the long task announces itself: the results of the tiny tasks just before
            // it may still be in the worker, unsent
            Path announced = Path.of(dir, Integer.toString(victim));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(announced) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long pid = Long.parseLong(Files.readString(announced));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            workers.add(pid);
            for (int i = 0; i < results.size(); i++) {
                try {
                    long[] result = results.get(i).get(60, TimeUnit.SECONDS);
                    assertThat(i).as("the running task must not be run again behind the caller's back").isNotEqualTo(victim);
                    workers.add(result[1]);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(WorkerDiedException.class);
                    if (i == victim) {
                        assertThat(e.getCause()).hasMessageContaining("while running this task")
                                .hasMessageNotContaining("before sending its result");
                    } else {
                        assertThat(i).as("only tasks before the running one can lose their result").isLessThan(victim);
                        assertThat(e.getCause()).hasMessageContaining("before sending its result");
                    }
                }
            }
            assertThat(results.get(victim)).isCompletedExceptionally();
        }
        Leaks.awaitDead(workers, Duration.ofSeconds(20));
    }

    /**
     * Runs in a pool worker: writes the first 8 bytes of a frame that announces 100 onto its own
     * connection to the pool and hangs up both directions, as a child crashing inside a write
     * would. The connection is the control socket (shut down), or the pair of named pipes (each
     * replaced by {@code /dev/null}, so that the pool's ends see end of stream and the JVM's own
     * channels stay valid descriptors).
     */
    static long hangUpMidFrame() throws Exception {
        Linker linker = Linker.nativeLinker();
        MethodHandle write = linker.downcallHandle(linker.defaultLookup().find("write").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MethodHandle shutdown = linker.downcallHandle(linker.defaultLookup().find("shutdown").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        int hungUp = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")); Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {0, 0, 0, 100, 18, 1, 2, 3});
            int nullForReading;
            int nullForWriting;
            try {
                nullForReading = (int) open.invokeExact(arena.allocateFrom("/dev/null"), 0); // O_RDONLY: reads see end of stream
                nullForWriting = (int) open.invokeExact(arena.allocateFrom("/dev/null"), 1); // O_WRONLY
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException gone) {
                    continue;
                }
                int n = Integer.parseInt(fd.getFileName().toString());
                try {
                    if (target.startsWith("socket:")) {
                        long written = (long) write.invokeExact(n, bytes, 8L);
                        int shut = (int) shutdown.invokeExact(n, 2);
                        if (written == 8 && shut == 0) {
                            hungUp++;
                        }
                    } else if (target.matches(".*/pipe-[0-9a-f]+\\.up( \\(deleted\\))?")) {
                        long written = (long) write.invokeExact(n, bytes, 8L);
                        int replaced = (int) dup2.invokeExact(nullForWriting, n);
                        if (written == 8 && replaced == n) {
                            hungUp++;
                        }
                    } else if (target.matches(".*/pipe-[0-9a-f]+\\.down( \\(deleted\\))?")) {
                        int replaced = (int) dup2.invokeExact(nullForReading, n);
                        if (replaced != n) {
                            throw new IllegalStateException("dup2 failed on " + target);
                        }
                    }
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
        }
        return hungUp;
    }

    @Test
    void aWorkerThatHangsUpMidFrameFailsOnlyItsTaskAndIsReplaced() throws Exception {
        Set<Long> workers = new HashSet<>();
        try (Pool pool = Pool.create(1)) {
            workers.addAll(pool.workerPids());
            AsyncResult<Long> cut = pool.applyAsync(FaultInjectionTest::hangUpMidFrame);
            assertThatThrownBy(cut::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(WorkerDiedException.class)
                    .hasMessageContaining("connection closed inside a frame: got 3 of 100 bytes");
            AsyncResult<List<Integer>> after = pool.mapAsync(x -> x + 1, List.of(1, 2, 3));
            assertThat(after.get(60, TimeUnit.SECONDS)).as("later work runs on the replacement").containsExactly(2, 3, 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().size() == 1);
            workers.addAll(pool.workerPids());
            workers.add(((WorkerDiedException) cut.exceptionNow()).pid());
        }
        assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
        Leaks.awaitDead(workers, Duration.ofSeconds(20));
    }

    @Test
    void aKilledManagerFailsCallsInFlightInEveryProcessAndLeavesNoProcess() throws Exception {
        Manager manager = Manager.start();
        Process blocked = null;
        try {
            SharedQueue<String> queue = manager.queue();
            dev.mp4j.manager.SharedMap<String, Object> seen = manager.dict();
            long serverPid = manager.serverPid();
            blocked = Process.of(() -> {
                try {
                    seen.put("child", "about to take");
                    queue.take(); // blocks inside the server until it dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            blocked.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey("child"));
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // let the child's take reach the server
            ProcessHandle.of(serverPid).orElseThrow().destroyForcibly();
            assertThat(blocked.join(Duration.ofSeconds(30))).as("the child blocked in the server is released").isTrue();
            assertThat(blocked.exitCode()).as("its take failed with an exception, so it exits 1").hasValue(1);
            assertThatThrownBy(() -> seen.put("k", 1)).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("not reachable");
            Leaks.awaitDead(List.of(serverPid, blocked.pid()), Duration.ofSeconds(20));
        } finally {
            if (blocked != null && blocked.isAlive()) {
                blocked.kill();
            }
            manager.close();
        }
    }

    @Test
    void aProducerKilledWhileItWritesLosesNoFinishedItemAndLeaksNothing() throws Exception {
        Queue<Integer> queue = Queue.create(0, 64 * 1024);
        Process producer = Process.of(() -> {
            SharedMemory scratch = SharedMemory.create(4096); // a segment the kill must not leak
            scratch.segment().set(ValueLayout.JAVA_INT, 0, 1);
            try {
                for (int i = 0; ; i++) {
                    queue.put(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        List<Integer> received = new ArrayList<>();
        try {
            while (received.size() < 50_000) {
                received.add(queue.get(true, Duration.ofSeconds(30)));
            }
            assertThat(Leaks.segmentsOf(producer.pid())).isEqualTo(1);
            producer.kill(); // SIGKILL while it is putting (or waiting for room to put)
            assertThat(producer.join(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.exitCode()).hasValue(-9);
            while (true) {
                try {
                    received.add(queue.get(true, Duration.ofSeconds(2)));
                } catch (QueueEmptyException drained) {
                    break;
                }
            }
        } finally {
            if (producer.isAlive()) {
                producer.kill();
            }
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).as("item %d: no loss, no duplicate, in order", i).isEqualTo(i);
        }
        Leaks.awaitNoSegmentsOf(producer.pid(), Duration.ofSeconds(20));
    }

    /** A parent JVM with a child process, a pool and shared memory, killed with SIGKILL by the test. */
    public static final class DoomedParent {
        public static void main(String[] args) throws Exception {
            SharedMemory memory = SharedMemory.create(4096);
            Queue<String> queue = Queue.create();
            queue.put("kept alive");
            Process child = Process.of(() -> LockSupport.parkNanos(Duration.ofMinutes(10).toNanos()));
            child.start();
            System.out.println("child " + child.pid());
            Pool pool = Pool.create(2);
            for (long pid : pool.map(x -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6, 7, 8), 1)) {
                System.out.println("child " + pid);
            }
            for (long pid : pool.workerPids()) {
                System.out.println("child " + pid);
            }
            System.out.println("rundir " + RunDirectory.path());
            System.out.println("ready " + memory.name() + " " + queue.qsize());
            System.out.flush();
            LockSupport.parkNanos(Duration.ofMinutes(10).toNanos());
        }
    }

    @Test
    void aKilledParentLeavesNoChildNoWorkerNoSegmentAndNoRunDirectory() throws Exception {
        java.lang.Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), DoomedParent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Set<Long> children = new HashSet<>();
        Path runDirectory = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready")) {
                if (line.startsWith("child ")) {
                    children.add(Long.parseLong(line.substring(6)));
                } else if (line.startsWith("rundir ")) {
                    runDirectory = Path.of(line.substring(7));
                }
            }
            assertThat(line).as("the parent got ready").isNotNull();
            assertThat(children).hasSizeGreaterThanOrEqualTo(3);
            assertThat(Leaks.segmentsOf(parent.pid())).as("its queue and shared memory").isGreaterThanOrEqualTo(2);
            assertThat(runDirectory).isDirectory();
            parent.destroyForcibly(); // SIGKILL
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Leaks.awaitDead(children, Duration.ofSeconds(20));
            Leaks.awaitNoSegmentsOf(parent.pid(), Duration.ofSeconds(20));
            Path dir = runDirectory;
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir));
        } finally {
            parent.destroyForcibly();
            Leaks.killAll(children);
        }
    }
}
