package dev.mp4j.manager;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Process;
import dev.mp4j.connection.Address;
import dev.mp4j.connection.Listener;
import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Managers whose server is a child JVM, used from further child JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerProcessTest {

    public interface Tally {
        long add(long amount);

        long total();
    }

    static final class TallyImpl {
        private long total;

        public synchronized long add(long amount) {
            total += amount;
            return total;
        }

        public synchronized long total() {
            return total;
        }
    }

    private static void runAll(List<SerializableRunnable> targets) throws InterruptedException {
        List<Process> processes = new ArrayList<>();
        try {
            for (SerializableRunnable target : targets) {
                Process p = Process.of(target);
                processes.add(p);
                p.start();
            }
            for (Process p : processes) {
                assertThat(p.join(Duration.ofSeconds(60))).as("child ended in time").isTrue();
                assertThat(p.exitCode()).hasValue(0);
            }
        } finally {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.kill();
                    p.join(Duration.ofSeconds(10));
                }
            }
        }
        // ended processes are closed so that nothing in this JVM keeps their targets (and proxies)
        processes.forEach(Process::close);
    }

    @Test
    void childProcessesShareObjectsThroughTheServerProcess() throws Exception {
        try (Manager manager = Manager.start()) {
            long serverPid = manager.serverPid();
            assertThat(serverPid).isNotEqualTo(ProcessHandle.current().pid());
            SharedMap<String, Object> d = manager.dict();
            SharedList<Integer> l = manager.list(List.of(1, 2, 3, 4));
            Namespace ns = manager.namespace();
            SharedValue<Integer> v = manager.value(0);
            SharedLock lock = manager.lock();
            SharedList<Integer> inner = manager.list();
            d.put("inner", inner);
            runAll(List.of(() -> {
                d.put("child", ProcessHandle.current().pid());
                l.add(5);
                ns.set("greeting", "hello from child");
                lock.lock();
                try {
                    v.set(v.get() + 10);
                } finally {
                    lock.unlock();
                }
                @SuppressWarnings("unchecked")
                List<Integer> nested = (List<Integer>) d.get("inner");
                nested.add(7);
            }));
            assertThat(d.get("child")).isNotEqualTo(ProcessHandle.current().pid()).isNotEqualTo(serverPid);
            assertThat(l).containsExactly(1, 2, 3, 4, 5);
            assertThat(ns.get("greeting")).isEqualTo("hello from child");
            assertThat(v.get()).isEqualTo(10);
            assertThat(inner).containsExactly(7);
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void fourProcessesUpdatingOneMapAndOneListLoseNothing() throws Exception {
        int increments = 250;
        try (Manager manager = Manager.start()) {
            SharedMap<String, Integer> counts = manager.dict();
            SharedList<String> log = manager.list();
            List<SerializableRunnable> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String name = "w" + w;
                workers.add(() -> {
                    SerializableBiFunction<Integer, Integer, Integer> sum = Integer::sum;
                    for (int i = 0; i < increments; i++) {
                        counts.merge("total", 1, sum);
                        counts.merge(name, 1, sum);
                        log.add(name + ":" + i);
                    }
                });
            }
            runAll(workers);
            assertThat(counts.get("total")).isEqualTo(4 * increments);
            for (int w = 0; w < 4; w++) {
                assertThat(counts.get("w" + w)).isEqualTo(increments);
            }
            assertThat(log).hasSize(4 * increments).doesNotHaveDuplicates();
        }
    }

    @Test
    void anExitedChildGivesBackItsReferencesSoUnusedObjectsAreFreed() throws Exception {
        try (Manager manager = Manager.start()) {
            int baseline = manager.objectCount();
            shareWithAChild(manager);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                System.gc();
                return manager.objectCount() == baseline;
            });
        }
    }

    private static void shareWithAChild(Manager manager) throws InterruptedException {
        SharedList<Integer> shared = manager.list();
        runAll(List.of(() -> shared.add(1)));
        assertThat(shared).containsExactly(1);
    }

    @Test
    void registeredTypeIsCreatedInTheServerJvm() throws Exception {
        try (Manager manager = Manager.builder().register("Tally", TallyImpl::new, Set.of("add", "total")).start()) {
            Tally tally = manager.create("Tally", Tally.class);
            tally.add(5);
            runAll(List.of(() -> tally.add(10), () -> tally.add(100)));
            assertThat(tally.total()).isEqualTo(115);
        }
    }

    @Test
    void closeStopsTheServerProcessAndProxiesFailClearly() {
        Manager manager = Manager.start();
        SharedList<String> l = manager.list();
        long serverPid = manager.serverPid();
        manager.close();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(serverPid).map(h -> !h.isAlive()).orElse(true));
        assertThatThrownBy(() -> l.add("x")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void killedServerProcessMakesCallsFailAndCloseStillReturns() {
        Manager manager = Manager.start();
        try {
            SharedMap<String, Integer> d = manager.dict();
            d.put("a", 1);
            ProcessHandle server = ProcessHandle.of(manager.serverPid()).orElseThrow();
            server.destroyForcibly();
            await().atMost(Duration.ofSeconds(20)).until(() -> !server.isAlive());
            assertThatThrownBy(() -> d.get("a")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("not reachable");
        } finally {
            manager.close();
        }
    }

    @Test
    void serverProcessThatCannotBindFailsStartWithAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path taken = java.nio.file.Files.createFile(dir.resolve("taken.sock"));
        assertThatThrownBy(() -> Manager.builder().address(Address.unix(taken)).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with code 1 before it was ready");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherJvmConnectsToAServedManagerOnlyWithTheRightAuthkey() throws Exception {
        byte[] key = Listener.randomAuthkey();
        byte[] wrongKey = Listener.randomAuthkey();
        try (ManagerServer server = Manager.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).serve();
             Manager local = Manager.connect(server.address(), key)) {
            Address address = server.address();
            SharedMap<String, Object> results = local.dict();
            runAll(List.of(() -> {
                try {
                    Manager.connect(address, wrongKey);
                    results.put("wrongKey", "accepted");
                } catch (AuthenticationException e) {
                    results.put("wrongKey", "refused");
                }
                try (Manager remote = Manager.connect(address, key)) {
                    results.put("serverPid", remote.serverPid());
                    SharedList<String> made = remote.list();
                    made.add("from another JVM");
                    results.put("made", made);
                }
            }));
            assertThat(results.get("wrongKey")).isEqualTo("refused");
            assertThat(results.get("serverPid")).isEqualTo(ProcessHandle.current().pid());
            assertThat((List<Object>) results.get("made")).containsExactly("from another JVM");
        }
    }
}
