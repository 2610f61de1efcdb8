package dev.mp4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Children never outlive their parent, even when it is killed with SIGKILL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentDeathTest {

    /** A parent JVM: starts two children that would sleep forever and prints their pids. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            for (int i = 0; i < 2; i++) {
                Process child = Process.of(() -> LockSupport.parkNanos(Duration.ofMinutes(10).toNanos()));
                child.start();
                System.out.println("child " + child.pid());
            }
            System.out.println("ready");
            System.out.flush();
            LockSupport.parkNanos(Duration.ofMinutes(10).toNanos());
        }
    }

    @Test
    void childrenExitWhenTheParentIsKilled() throws Exception {
        java.lang.Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Parent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> children = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                if (line.startsWith("child ")) {
                    children.add(Long.parseLong(line.substring(6)));
                }
            }
            assertThat(children).hasSize(2);
            for (long pid : children) {
                assertThat(ProcessHandle.of(pid)).as("child %d alive before the kill", pid).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            }
            parent.destroyForcibly(); // SIGKILL
            parent.waitFor(30, TimeUnit.SECONDS);
            for (long pid : children) {
                await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
        } finally {
            parent.destroyForcibly();
            for (long pid : children) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * A parent JVM with two pools, one worker of each busy in a long task, the other idle; with
     * {@code -Dmp4j.childTransport=socket} the workers connect over the control socket, else over
     * named pipes.
     */
    public static final class PoolParent {
        public static void main(String[] args) throws Exception {
            List<dev.mp4j.pool.Pool> pools = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                dev.mp4j.pool.Pool pool = dev.mp4j.pool.Pool.create(2);
                pools.add(pool);
                pool.map(x -> x, List.of(1, 2, 3, 4), 1); // both workers up
                pool.applyAsync(() -> {
                    LockSupport.parkNanos(Duration.ofMinutes(10).toNanos());
                    return 0;
                });
                for (long pid : pool.workerPids()) {
                    System.out.println("child " + pid);
                }
            }
            System.out.println("ready");
            System.out.flush();
            LockSupport.parkNanos(Duration.ofMinutes(10).toNanos());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"fifo", "socket"})
    void poolWorkersExitWhenTheParentIsKilled(String transport) throws Exception {
        java.lang.Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dmp4j.childTransport=" + transport, "-cp",
                System.getProperty("java.class.path"), PoolParent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> children = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                if (line.startsWith("child ")) {
                    children.add(Long.parseLong(line.substring(6)));
                }
            }
            assertThat(children).hasSize(4);
            parent.destroyForcibly(); // SIGKILL
            parent.waitFor(30, TimeUnit.SECONDS);
            for (long pid : children) {
                await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
        } finally {
            parent.destroyForcibly();
            for (long pid : children) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
