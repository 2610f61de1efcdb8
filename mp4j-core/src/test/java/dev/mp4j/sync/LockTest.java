package dev.mp4j.sync;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.internal.codec.Codec;
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
class LockTest {

    @Test
    void releasingAnUnlockedLockFailsWithPythonsMessage() {
        Lock lock = Lock.create();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessage("release unlocked lock");
    }

    @Test
    void nonBlockingAcquireAndTimeoutFailWhileHeld() throws InterruptedException {
        Lock lock = Lock.create();
        assertThat(lock.acquire(false)).isTrue();
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.acquire(false)).isFalse();
        long start = System.nanoTime();
        assertThat(lock.acquire(Duration.ofMillis(120))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        lock.release();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.tryLock()).isTrue();
    }

    @Test
    void nonBlockingAcquireRejectsATimeoutAsPythonDoes() {
        Lock lock = Lock.create();
        assertThatThrownBy(() -> lock.acquire(false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-blocking");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void lockedReadModifyWriteLosesNoUpdate(Engine engine) throws InterruptedException {
        Lock lock = Lock.create();
        Value.OfInt counter = Value.ofInt(0, false);
        int perWorker = engine == Engine.PROCESSES ? 20_000 : 50_000;
        try (Children children = new Children()) {
            for (int w = 0; w < 2; w++) {
                children.start(engine, () -> {
                    for (int i = 0; i < perWorker; i++) {
                        lock.lock();
                        try {
                            counter.set(counter.get() + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
            children.joinAllSucceeded(Duration.ofSeconds(40));
        }
        assertThat(counter.get()).isEqualTo(2 * perWorker);
    }

    @Test
    void aProcessBlockedOnTheLockWakesWhenItIsReleased() throws InterruptedException {
        Lock lock = Lock.create();
        Event trying = Event.create();
        Value.OfInt acquired = Value.ofInt(0, false);
        lock.lock();
        try (Children children = new Children()) {
            children.start(() -> {
                trying.set();
                lock.lock();
                acquired.set(1);
                lock.unlock();
            });
            assertThat(trying.await(Duration.ofSeconds(30))).isTrue();
            assertThat(acquired.get()).isZero();
            lock.unlock();
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        assertThat(acquired.get()).isEqualTo(1);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aLockHeldByAKilledProcessIsReportedToTheNextAcquirerAndFreed() throws InterruptedException {
        Lock lock = Lock.create();
        Event acquired = Event.create();
        try (Children children = new Children()) {
            Process holder = children.start(() -> {
                lock.lock();
                acquired.set();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(acquired.await(Duration.ofSeconds(30))).isTrue();
            long pid = holder.pid();
            assertThat(lock.acquire(false)).isFalse();
            holder.kill();
            assertThat(holder.join(Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(LockOwnerDiedException.class,
                            e -> assertThat(e.deadPid()).isEqualTo(pid))
                    .hasMessageContaining("died while holding this lock");
            assertThat(lock.acquire(Duration.ofSeconds(1))).isTrue();
            lock.release();
        }
    }

    @Test
    void aWaiterBlockedWhenTheOwnerDiesIsReleased() throws InterruptedException {
        Lock lock = Lock.create();
        Event acquired = Event.create();
        try (Children children = new Children()) {
            Process holder = children.start(() -> {
                lock.lock();
                acquired.set();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(acquired.await(Duration.ofSeconds(30))).isTrue();
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                holder.kill();
            });
            assertThatThrownBy(lock::acquire).isInstanceOf(LockOwnerDiedException.class);
            killer.join();
        }
    }

    @Test
    void aDeserializedLockSharesItsState() throws InterruptedException {
        Lock lock = Lock.create();
        Lock copy = (Lock) Codec.standard().decode(Codec.standard().encode(lock));
        assertThat(copy).isNotSameAs(lock);
        lock.lock();
        assertThat(copy.isLocked()).isTrue();
        assertThat(copy.acquire(false)).isFalse();
        copy.release();
        assertThat(lock.isLocked()).isFalse();
    }
}
