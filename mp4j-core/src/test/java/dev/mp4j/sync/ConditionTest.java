package dev.mp4j.sync;

import dev.mp4j.shm.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConditionTest {

    @Test
    void waitingOrSignallingWithoutTheLockFailsWithPythonsMessages() {
        Condition condition = Condition.create();
        assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessage("cannot wait on un-acquired lock");
        assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessage("cannot notify on un-acquired lock");
    }

    @Test
    void awaitTimesOutWithoutASignalAndKeepsTheReentrantHolds() throws InterruptedException {
        RLock lock = RLock.create();
        Condition condition = Condition.create(lock);
        lock.acquire();
        lock.acquire();
        assertThat(condition.await(Duration.ofMillis(100))).isFalse();
        assertThat(lock.holdCount()).isEqualTo(2);
        lock.release();
        lock.release();
    }

    @Test
    void signalWakesOneWaiterAtATimeAndATimedOutWaiterDoesNotSwallowASignal() throws Exception {
        Condition condition = Condition.create(Lock.create());
        Value.OfInt woken = Value.ofInt(0, false);
        Value.OfInt waiting = Value.ofInt(0, false);
        condition.acquire();
        assertThat(condition.await(Duration.ofMillis(20))).isFalse();
        condition.release();
        Thread[] waiters = new Thread[2];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = Thread.ofPlatform().start(() -> {
                try {
                    condition.acquire();
                    try {
                        waiting.incrementAndGet();
                        condition.await();
                        woken.incrementAndGet();
                    } finally {
                        condition.release();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        // A waiter counts itself under the lock and registers before await releases it.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get() == 2);
        condition.acquire();
        condition.signal();
        condition.release();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() == 1);
        org.awaitility.Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
                .until(() -> woken.get() == 1);
        condition.acquire();
        condition.signalAll();
        condition.release();
        for (Thread waiter : waiters) {
            waiter.join(Duration.ofSeconds(10));
        }
        assertThat(woken.get()).isEqualTo(2);
    }

    @Test
    void aChildProcessWaitsForAPredicateTheParentMakesTrue() throws InterruptedException {
        Condition condition = Condition.create();
        Value.OfInt items = Value.ofInt(0, false);
        Value.OfInt consumed = Value.ofInt(0, false);
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    condition.acquire();
                    try {
                        assertThat(condition.awaitFor(() -> items.get() >= 3, Duration.ofSeconds(30))).isTrue();
                        consumed.set(items.get());
                    } finally {
                        condition.release();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 3; i++) {
                condition.acquire();
                items.incrementAndGet();
                condition.signalAll();
                condition.release();
            }
            children.joinAllSucceeded(Duration.ofSeconds(40));
        }
        assertThat(consumed.get()).isEqualTo(3);
    }
}
