package dev.mp4j.sync;

import dev.mp4j.Engine;
import dev.mp4j.shm.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemaphoreTest {

    @Test
    void permitsAreCountedAndExhaustionFailsWithoutBlockingOrAfterTheTimeout() throws InterruptedException {
        Semaphore semaphore = Semaphore.create(2);
        assertThat(semaphore.acquire(false)).isTrue();
        assertThat(semaphore.acquire(Duration.ofSeconds(1))).isTrue();
        assertThat(semaphore.value()).isZero();
        assertThat(semaphore.acquire(false)).isFalse();
        assertThat(semaphore.acquire(Duration.ofMillis(100))).isFalse();
        semaphore.release(2);
        assertThat(semaphore.value()).isEqualTo(2);
    }

    /** multiprocessing's SemLock: blocking=False ignores the timeout (threading's raises ValueError). */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aNonBlockingAcquireIgnoresItsTimeoutAndAnswersAtOnce(Engine engine) throws InterruptedException {
        Semaphore semaphore = Semaphore.create(0);
        Value.OfInt answers = Value.ofInt(0, false);
        try (Children children = new Children()) {
            children.start(engine, () -> {
                try {
                    // a timeout of ten minutes: waiting for it would outlast the test's own timeout
                    if (!semaphore.acquire(false, Duration.ofMinutes(10))) {
                        answers.addAndGet(1);
                    }
                    semaphore.release();
                    if (semaphore.acquire(false, Duration.ofMinutes(10))) {
                        answers.addAndGet(10);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        assertThat(answers.get()).isEqualTo(11);
        assertThat(semaphore.acquire(false, null)).isFalse();
    }

    @Test
    void aNegativeInitialValueIsRejected() {
        assertThatThrownBy(() -> Semaphore.create(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0");
    }

    @Test
    void anUnboundedSemaphoreGrowsPastItsInitialValue() {
        Semaphore semaphore = Semaphore.create(1);
        semaphore.release();
        assertThat(semaphore.value()).isEqualTo(2);
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedTooManyTimes() throws InterruptedException {
        BoundedSemaphore semaphore = BoundedSemaphore.create(2);
        semaphore.acquire();
        semaphore.release();
        assertThatThrownBy(semaphore::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Semaphore released too many times");
        assertThat(semaphore.value()).isEqualTo(2);
    }

    @Test
    void aReleaseInAChildProcessWakesAnAcquirerHere() throws InterruptedException {
        Semaphore semaphore = Semaphore.create(0);
        Semaphore bounded = BoundedSemaphore.create(1);
        try (Children children = new Children()) {
            children.start(() -> {
                semaphore.release();
                try {
                    bounded.release();
                } catch (IllegalStateException expected) {
                    semaphore.release();
                }
            });
            semaphore.acquire();
            assertThat(semaphore.acquire(Duration.ofSeconds(30))).as("bounded over-release seen in the child").isTrue();
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        assertThat(bounded).isInstanceOf(BoundedSemaphore.class);
    }

    @Test
    void aBlockedThreadIsInterruptible() throws InterruptedException {
        Semaphore semaphore = Semaphore.create(0);
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                semaphore.acquire();
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.interrupt();
        waiter.join(Duration.ofSeconds(10));
        assertThat(waiter.isAlive()).isFalse();
    }
}
