package dev.mp4j;

import dev.mp4j.connection.Connections;
import dev.mp4j.connection.Pipe;
import dev.mp4j.connection.Waitable;
import dev.mp4j.queue.Queue;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's Process API beyond the basics: subclasses, sentinels, the parent handle, the authkey, daemons. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessParityTest {

    /** Python's "class Countdown(Process): def run(self)": the fields travel with the object. */
    static final class Countdown extends Process {
        private final int from;
        private final Queue<Integer> out;

        Countdown(Engine engine, int from, Queue<Integer> out) {
            super(Process.builder().engine(engine).name("countdown"));
            this.from = from;
            this.out = out;
        }

        @Override
        public void run() {
            for (int i = from; i > 0; i--) {
                out.add(i);
            }
            out.add(isAlive() ? 100 : -100); // the copy that runs is alive
            out.add(Multiprocessing.currentProcess().name().equals(name()) ? 200 : -200);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aSubclassRunsItsOwnRunWithItsFields(Engine engine) throws Exception {
        Queue<Integer> out = Queue.create();
        Process p = new Countdown(engine, 3, out);
        p.start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(List.of(out.take(), out.take(), out.take(), out.take(), out.take())).containsExactly(3, 2, 1, 100, 200);
        assertThat(p.name()).isEqualTo("countdown");
    }

    static final class JoinsItself extends Process {
        private final Value.OfInt refused;

        JoinsItself(Value.OfInt refused) {
            this.refused = refused;
        }

        @Override
        public void run() {
            try {
                join();
            } catch (IllegalStateException expected) {
                refused.set(expected.getMessage().equals("cannot join current process") ? 1 : 2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theCopyInAChildJvmIsTheCurrentProcessAndCannotJoinItself() throws Exception {
        Value.OfInt refused = Value.ofInt(0, false);
        Process p = new JoinsItself(refused);
        p.start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(refused.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aSentinelIsWaitedForTogetherWithConnections(Engine engine) throws Exception {
        Pipe pipe = Pipe.create();
        Event finish = Event.create();
        Process p = Process.of(engine, () -> {
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(p::sentinel).isInstanceOf(IllegalStateException.class).hasMessage("process not started");
        p.start();
        try {
            Waitable sentinel = p.sentinel();
            assertThat(p.sentinel()).isSameAs(sentinel);
            assertThat(Connections.wait(List.of(pipe.first(), sentinel), Duration.ZERO)).isEmpty();
            pipe.second().send("message");
            assertThat(Connections.wait(List.of(pipe.first(), sentinel), Duration.ofSeconds(30))).containsExactly(pipe.first());
            assertThat(pipe.first().recv()).isEqualTo("message");
            finish.set();
            assertThat(Connections.wait(List.of(pipe.first(), sentinel), Duration.ofSeconds(60))).containsExactly(sentinel);
            assertThat(p.isAlive()).isFalse();
        } finally {
            finish.set();
            p.join(Duration.ofSeconds(30));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void theParentIsALiveHandleAndTheAuthkeyIsInherited(Engine engine) throws Exception {
        Queue<Object> seen = Queue.create();
        long myPid = ProcessHandle.current().pid();
        Process p = Process.of(engine, () -> {
            ProcessInfo parent = Multiprocessing.parentProcess().orElseThrow();
            try {
                seen.add(parent.pid() == myPid);
                seen.add(parent.isAlive());
                seen.add(parent.join(Duration.ofMillis(50))); // still running: false
                seen.add(parent.sentinel().isReady());
                seen.add(Multiprocessing.authkey());
                seen.add(Multiprocessing.currentProcess().authkey());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        p.start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(List.of(seen.take(), seen.take(), seen.take(), seen.take())).containsExactly(true, true, false, false);
        assertThat((byte[]) seen.take()).isEqualTo(Multiprocessing.authkey()).hasSize(32);
        assertThat((byte[]) seen.take()).isEqualTo(Multiprocessing.authkey());
        assertThatThrownBy(() -> Multiprocessing.currentProcess().join(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot join current process");
    }

    /** A thread "process" whose parent is another thread process sees it end. */
    @Test
    void aThreadProcessJoinsItsParentThreadProcess() throws Exception {
        Queue<Boolean> seen = Queue.create();
        Event started = Event.create();
        Process parent = Process.of(Engine.THREADS, () -> {
            Process child = Process.of(Engine.THREADS, () -> {
                ProcessInfo mine = Multiprocessing.parentProcess().orElseThrow();
                try {
                    seen.add(mine.isAlive());
                    started.set();
                    seen.add(mine.join(Duration.ofSeconds(30)));
                    seen.add(mine.isAlive());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            child.start();
            try {
                started.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        parent.start();
        assertThat(parent.join(Duration.ofSeconds(30))).isTrue();
        assertThat(List.of(seen.take(), seen.take(), seen.take())).containsExactly(true, true, false);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aDaemonProcessCannotStartChildren(Engine engine) throws Exception {
        Queue<String> seen = Queue.create();
        Process daemon = Process.builder().engine(engine).daemon(true).target(() -> {
            for (Engine childEngine : List.of(Engine.THREADS, Engine.PROCESSES)) {
                try {
                    Process.builder().engine(childEngine).daemon(false).target(() -> { }).build().start();
                    seen.add("started a child on " + childEngine);
                } catch (IllegalStateException refused) {
                    seen.add(refused.getMessage());
                }
            }
        }).build();
        daemon.start();
        assertThat(daemon.join(Duration.ofSeconds(60))).isTrue();
        assertThat(daemon.exitCode()).hasValue(0);
        assertThat(List.of(seen.take(), seen.take())).containsOnly("daemonic processes are not allowed to have children");
    }
}
