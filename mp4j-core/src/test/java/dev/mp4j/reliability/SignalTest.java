package dev.mp4j.reliability;

import dev.mp4j.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Signals sent to child JVMs and to a parent JVM: exit codes, and nothing left behind. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignalTest {

    private static void parkForever() {
        LockSupport.parkNanos(Duration.ofMinutes(2).toNanos());
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
}
