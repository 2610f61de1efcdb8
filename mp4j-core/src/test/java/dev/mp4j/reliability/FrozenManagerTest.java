package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.ManagerTimeoutException;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.manager.SharedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A manager server whose process is stopped (SIGSTOP) or frozen: with a call timeout, proxy calls
 * fail with ManagerTimeoutException instead of hanging, in this JVM and in children the proxies
 * were sent to; calls that merely block in a live server are not cut short (issue 19.10).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FrozenManagerTest {

    private static void signal(String name, long pid) throws Exception {
        java.lang.Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
    }

    @Test
    void callsToAStoppedServerFailWithinTheCallTimeoutAndBlockingCallsToALiveOneDoNot() throws Exception {
        Duration timeout = Duration.ofMillis(1000);
        Manager manager = Manager.builder().callTimeout(timeout).start();
        long server = manager.serverPid();
        try {
            SharedMap<String, Integer> map = manager.dict();
            SharedQueue<String> queue = manager.queue();
            map.put("a", 1);
            assertThat(manager.callTimeout()).hasValue(timeout);

            // a live server keeps a call that blocks longer than the timeout alive with heartbeats
            long started = System.nanoTime();
            assertThat(queue.poll(Duration.ofMillis(3000))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));

            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, command -> Thread.ofPlatform().daemon().start(command));
            // a child that received the proxy (and its timeout) with its target
            Process child = Process.of(() -> {
                try {
                    map.put("child", 2);
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ManagerTimeoutException e) {
                    System.exit(42);
                }
            });
            child.start();
            await(() -> map.containsKey("child")); // the child is about to block in take()
            signal("STOP", server);
            long stopped = System.nanoTime();
            assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(ManagerTimeoutException.class)
                    .hasMessageContaining("did not answer").hasMessageContaining(timeout.toString());
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ManagerTimeoutException.class);
            assertThat(child.join(Duration.ofSeconds(30))).as("the child's blocked call failed too").isTrue();
            assertThat(child.exitCode()).hasValue(42);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("until every call failed")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            long closing = System.nanoTime();
            manager.close(); // the stopped server does not acknowledge its shutdown: it is killed
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(15));
            Leaks.awaitDead(java.util.List.of(server), Duration.ofSeconds(20));
        }
    }

    @Test
    void aConnectionHandshakeWithAStoppedServerFailsWithinTheTimeout() throws Exception {
        try (Manager manager = Manager.start()) {
            long server = manager.serverPid();
            signal("STOP", server);
            try {
                long started = System.nanoTime();
                assertThatThrownBy(() -> Manager.connect(manager.address(), manager.authkey(), Duration.ofMillis(500)))
                        .isInstanceOf(ManagerTimeoutException.class).hasMessageContaining("handshake");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            } finally {
                signal("CONT", server);
            }
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(condition);
    }
}
