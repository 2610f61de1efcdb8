package dev.mp4j.sync;

import dev.mp4j.Engine;
import dev.mp4j.shm.Array;
import dev.mp4j.shm.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BarrierTest {

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void partiesGetDistinctIndexesAndTheActionRunsOncePerRound(Engine engine) throws Exception {
        Value.OfInt actions = Value.ofInt(0, false);
        Barrier barrier = Barrier.create(3, actions::incrementAndGet, Duration.ofSeconds(30));
        Array.OfInt indexSeen = Array.ofInt(3);
        try (Children children = new Children()) {
            for (int p = 0; p < 2; p++) {
                children.start(engine, () -> {
                    try {
                        for (int round = 0; round < 2; round++) {
                            indexSeen.addAndGet(barrier.await(), 1);
                        }
                    } catch (InterruptedException | BrokenBarrierException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            for (int round = 0; round < 2; round++) {
                indexSeen.addAndGet(barrier.await(), 1);
            }
            children.joinAllSucceeded(Duration.ofSeconds(40));
        }
        assertThat(indexSeen.toArray()).containsExactly(2, 2, 2);
        assertThat(actions.get()).isEqualTo(2);
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void aTimeoutBreaksTheBarrierForEveryoneUntilReset() throws Exception {
        Barrier barrier = Barrier.create(2);
        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(100))).isInstanceOf(BrokenBarrierException.class)
                .hasMessageContaining("timed out");
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
            try {
                return barrier.await(Duration.ofSeconds(10));
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        });
        int mine = barrier.await(Duration.ofSeconds(10));
        assertThat(mine + other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void abortReleasesAWaitingPartyWithBrokenBarrier() throws Exception {
        Barrier barrier = Barrier.create(2);
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> barrier.waiting() == 1);
        barrier.abort();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(barrier.isBroken()).isTrue();
    }

    @Test
    void aFailingActionBreaksTheBarrier() {
        Barrier barrier = Barrier.create(1, () -> {
            throw new IllegalStateException("action failed");
        }, null);
        assertThatThrownBy(barrier::await).hasMessage("action failed");
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(() -> Barrier.create(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
