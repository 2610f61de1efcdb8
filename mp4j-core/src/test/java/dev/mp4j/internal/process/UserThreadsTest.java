package dev.mp4j.internal.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads a child waits for before it ends (Python's {@code threading._shutdown}): live
 * non-daemon threads, not daemons, not the caller, not the JVM's own.
 */
class UserThreadsTest {

    @Test
    void aLiveNonDaemonThreadIsListedUntilItEndsAndDaemonsNeverAre() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Runnable waiting = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread worker = Thread.ofPlatform().name("user-worker").start(waiting);
        Thread daemon = Thread.ofPlatform().daemon().name("user-daemon").start(waiting);
        Thread inGroup = new Thread(new ThreadGroup("tasks"), waiting, "user-in-a-group");
        inGroup.start();
        try {
            assertThat(UserThreads.nonDaemon()).contains(worker, inGroup)
                    .doesNotContain(daemon, Thread.currentThread())
                    .allSatisfy(thread -> assertThat(thread.isDaemon()).isFalse());
        } finally {
            release.countDown();
        }
        assertThat(worker.join(Duration.ofSeconds(10))).isTrue();
        assertThat(inGroup.join(Duration.ofSeconds(10))).isTrue();
        assertThat(daemon.join(Duration.ofSeconds(10))).isTrue();
        assertThat(UserThreads.nonDaemon()).doesNotContain(worker, inGroup);
    }
}
