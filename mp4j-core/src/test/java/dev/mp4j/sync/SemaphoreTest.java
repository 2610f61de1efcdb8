package dev.mp4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
