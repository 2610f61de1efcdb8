package dev.mp4j.sync;

import dev.mp4j.shm.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RLockTest {

    @Test
    void theOwnerMayAcquireAgainAndMustReleaseAsOften() throws Exception {
        RLock lock = RLock.create();
        lock.acquire();
        assertThat(lock.acquire(false)).isTrue();
        assertThat(lock.holdCount()).isEqualTo(2);
        lock.release();
        assertThat(CompletableFuture.supplyAsync(lock::tryLock).get(10, TimeUnit.SECONDS)).isFalse();
        lock.release();
        assertThat(lock.holdCount()).isZero();
        assertThat(CompletableFuture.supplyAsync(() -> {
            boolean got = lock.tryLock();
            lock.unlock();
            return got;
        }).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void onlyTheOwningThreadMayRelease() throws Exception {
        RLock lock = RLock.create();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessage("cannot release un-acquired lock");
        lock.lock();
        CompletableFuture<Void> other = CompletableFuture.runAsync(lock::release);
        assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalMonitorStateException.class);
        lock.unlock();
    }

    @Test
    void anotherProcessCannotAcquireWhileHeldAndCanAfterRelease() throws InterruptedException {
        RLock lock = RLock.create();
        Value.OfInt seen = Value.ofInt(-1, false);
        Event probed = Event.create();
        Event released = Event.create();
        lock.lock();
        lock.lock();
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    seen.set(lock.acquire(false) ? 1 : 0);
                    probed.set();
                    released.await();
                    seen.set(lock.acquire(Duration.ofSeconds(20)) ? 2 : 3);
                    lock.release();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(probed.await(Duration.ofSeconds(30))).isTrue();
            assertThat(seen.get()).isZero();
            lock.unlock();
            lock.unlock();
            released.set();
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        assertThat(seen.get()).isEqualTo(2);
    }
}
