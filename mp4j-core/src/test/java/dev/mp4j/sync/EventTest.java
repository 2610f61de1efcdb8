package dev.mp4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventTest {

    @Test
    void awaitTimesOutWhileUnsetAndReturnsAtOnceWhenSet() throws InterruptedException {
        Event event = Event.create();
        assertThat(event.isSet()).isFalse();
        assertThat(event.await(Duration.ofMillis(100))).isFalse();
        event.set();
        assertThat(event.await(Duration.ZERO)).isTrue();
        event.clear();
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void setWakesEveryWaitingThread() throws InterruptedException {
        Event event = Event.create();
        Thread[] waiters = new Thread[3];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = Thread.ofPlatform().start(() -> {
                try {
                    event.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        event.set();
        for (Thread waiter : waiters) {
            waiter.join(Duration.ofSeconds(10));
            assertThat(waiter.isAlive()).isFalse();
        }
    }

    @Test
    void aChildProcessWaitsForTheParentAndAnswers() throws InterruptedException {
        Event go = Event.create();
        Event done = Event.create();
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    go.await();
                    done.set();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(done.isSet()).isFalse();
            go.set();
            assertThat(done.await(Duration.ofSeconds(30))).isTrue();
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
    }
}
