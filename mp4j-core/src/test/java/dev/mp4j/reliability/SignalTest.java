package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.shm.SharedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** Signals sent to child JVMs and to a parent JVM: exit codes, and nothing left behind. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignalTest {

    private static void parkForever() {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) { // a park may return early
            LockSupport.parkNanos(left);
        }
    }

    /**
     * terminate() gives -15 and kill() -9 whatever the child is doing when the signal lands: starting
     * up, receiving its target, running it (issue 16.1: a SIGTERMed child used to exit with 3, "parent
     * gone", when it saw its stdin close before the signal's status landed).
     */
    @Test
    void terminateAndKillGiveTheSignalsExitCodeAtAnyMomentOfAChildsLife() throws Exception {
        int children = 16;
        List<Process> processes = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try {
            for (int i = 0; i < children; i++) {
                Process p = Process.of(SignalTest::parkForever);
                p.start();
                processes.add(p);
                pids.add(p.pid());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(37L * (i % 8))); // the moment varies: 0 to 259 ms
                if (i % 2 == 0) {
                    p.terminate();
                } else {
                    p.kill();
                }
            }
            for (int i = 0; i < children; i++) {
                Process p = processes.get(i);
                assertThat(p.join(Duration.ofSeconds(60))).isTrue();
                assertThat(p.exitCode()).as("child %d (pid %d), %s", i, p.pid(), i % 2 == 0 ? "terminated" : "killed")
                        .hasValue(i % 2 == 0 ? -15 : -9);
            }
        } finally {
            Leaks.killAll(pids);
        }
        Leaks.awaitDead(pids, Duration.ofSeconds(20));
    }

    /**
     * A parent with running non-daemon children, one of which makes its own shutdown hang (it needs
     * SIGKILL); it waits for them all, as a program does.
     */
    public static final class TermParent {
        public static void main(String[] args) throws Exception {
            SharedMemory memory = SharedMemory.create(4096);
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                children.add(Process.of(SignalTest::parkForever));
            }
            children.add(Process.of(() -> {
                Runtime.getRuntime().addShutdownHook(new Thread(SignalTest::parkForever));
                System.out.println("stubborn ready");
                System.out.flush();
                parkForever();
            }));
            for (Process child : children) {
                child.start();
                System.out.println("child " + child.pid());
            }
            System.out.println("rundir " + RunDirectory.path());
            System.out.println("ready " + memory.name());
            System.out.flush();
            for (Process child : children) {
                child.join();
            }
        }
    }

    /** What a parent program printed before the test signals it. */
    private record Started(Set<Long> children, Path runDirectory) {
    }

    private static Started readUntilReady(java.lang.Process parent, String... alsoAwaited) throws IOException {
        Set<Long> children = new HashSet<>();
        Path runDirectory = null;
        Set<String> awaited = new HashSet<>(List.of(alsoAwaited));
        awaited.add("ready");
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (!awaited.isEmpty() && (line = out.readLine()) != null) {
            if (line.startsWith("child ")) {
                children.add(Long.parseLong(line.substring(6)));
            } else if (line.startsWith("rundir ")) {
                runDirectory = Path.of(line.substring(7));
            }
            String seen = line;
            awaited.removeIf(seen::startsWith);
        }
        assertThat(awaited).as("lines the parent program did not print").isEmpty();
        return new Started(children, runDirectory);
    }

    private static List<String> javaCommand(Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName());
    }

    /**
     * SIGTERM to a parent whose non-daemon children run (and one of them would never end by
     * itself): the parent ends promptly with 143, its children get SIGTERM and, after the grace
     * period, SIGKILL; nothing is left behind (issue 19.4: the parent used to wait for its
     * children for ever).
     */
    @Test
    void aSigtermedParentStopsItsChildrenAndExitsPromptly() throws Exception {
        java.lang.Process parent = new ProcessBuilder(javaCommand(TermParent.class))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Started started = null;
        try {
            started = readUntilReady(parent, "stubborn");
            assertThat(started.children()).hasSize(5);
            assertThat(Leaks.segmentsOf(parent.pid())).isGreaterThanOrEqualTo(1);
            long signalled = System.nanoTime();
            parent.destroy(); // SIGTERM
            assertThat(parent.waitFor(20, TimeUnit.SECONDS)).as("the SIGTERMed parent ended").isTrue();
            assertThat(parent.exitValue()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("time to end")
                    .isLessThan(Duration.ofSeconds(15));
            Leaks.awaitDead(started.children(), Duration.ofSeconds(10));
            Leaks.awaitNoSegmentsOf(parent.pid(), Duration.ofSeconds(20));
            Path dir = started.runDirectory();
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir));
        } finally {
            parent.destroyForcibly();
            if (started != null) {
                Leaks.killAll(started.children());
            }
        }
    }

    /**
     * kill -9 of the parent's whole process group (container stop, job control): the resource
     * tracker runs in its own session, survives, and removes the parent's segments and run
     * directory (issue 19.3: it used to die with the group and leave them all behind).
     */
    @Test
    void aKilledProcessGroupLeavesNoSegmentAndNoRunDirectory() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "needs setsid to give the parent its own group");
        List<String> command = new ArrayList<>(javaCommand(FaultInjectionTest.DoomedParent.class));
        command.addFirst("/usr/bin/setsid"); // the parent leads a process group of its own: pgid = its pid
        java.lang.Process parent = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Started started = null;
        try {
            started = readUntilReady(parent);
            assertThat(started.children()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(Leaks.segmentsOf(parent.pid())).as("its queue and shared memory").isGreaterThanOrEqualTo(2);
            java.lang.Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + parent.pid()).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).as("kill -9 -PGID").isZero();
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Leaks.awaitDead(started.children(), Duration.ofSeconds(20));
            Leaks.awaitNoSegmentsOf(parent.pid(), Duration.ofSeconds(20));
            for (long child : started.children()) {
                Leaks.awaitNoSegmentsOf(child, Duration.ofSeconds(20));
            }
            Path dir = started.runDirectory();
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir));
        } finally {
            parent.destroyForcibly();
            if (started != null) {
                Leaks.killAll(started.children());
            }
        }
    }
}
