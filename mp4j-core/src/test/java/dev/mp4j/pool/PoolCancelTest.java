package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * concurrent.futures' cancellation rules: a call cancelled while pending never runs; a running
 * call cannot be cancelled and delivers its result; {@code running()} tells the two apart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolCancelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aCancelledPendingCallNeverRunsAndARunningOneCannotBeCancelled(Engine engine) throws Exception {
        Event started = Event.create();
        Event victimRan = Event.create();
        Event mapRan = Event.create();
        try (Pool pool = Pool.builder().engine(engine).processes(1).build(); Gate gate = new Gate()) {
            Event release = gate.event;
            AsyncResult<String> running = pool.applyAsync(() -> {
                started.set();
                release.await();
                return "delivered";
            });
            assertThat(started.await(WAIT)).isTrue();
            // a worker JVM may hold one call ahead of the running one: this one is that call, or pending
            AsyncResult<String> next = pool.applyAsync(() -> "next");
            AsyncResult<String> victim = pool.applyAsync(() -> {
                victimRan.set();
                return "victim";
            });
            AsyncResult<List<Integer>> map = pool.mapAsync(x -> {
                mapRan.set();
                return x;
            }, IntStream.range(0, 10).boxed().toList(), MapOptions.defaults().withChunksize(2));

            assertThat(running.running()).isTrue();
            assertThat(running.cancel(true)).as("a running call cannot be cancelled").isFalse();
            assertThat(running.isCancelled()).isFalse();
            assertThat(victim.running()).as("a queued call is not running").isFalse();
            assertThat(victim.state()).isEqualTo(java.util.concurrent.Future.State.RUNNING); // Future's name for "not completed"

            assertThat(victim.cancel(false)).isTrue();
            assertThat(victim.cancel(true)).as("cancelling twice still says cancelled").isTrue();
            assertThat(victim.isCancelled()).isTrue();
            assertThat(victim.running()).isFalse();
            assertThatThrownBy(victim::join).isInstanceOf(CancellationException.class);
            assertThat(map.cancel(false)).as("a map none of whose chunks started is cancelled as a whole").isTrue();

            release.set();
            assertThat(running.get(WAIT)).isEqualTo("delivered");
            assertThat(running.running()).isFalse();
            assertThat(running.cancel(true)).as("a completed call cannot be cancelled").isFalse();
            assertThat(next.get(WAIT)).isEqualTo("next");
            assertThat(pool.apply(() -> "after")).isEqualTo("after"); // the single worker went past the cancelled calls
        }
        assertThat(victimRan.isSet()).as("the cancelled call ran").isFalse();
        assertThat(mapRan.isSet()).as("an item of the cancelled map ran").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aMapWithAStartedChunkCannotBeCancelledAndDeliversEveryResult(Engine engine) throws Exception {
        Event started = Event.create();
        try (Pool pool = Pool.builder().engine(engine).processes(1).build(); Gate gate = new Gate()) {
            Event release = gate.event;
            AsyncResult<List<Integer>> map = pool.mapAsync(x -> {
                if (x == 0) {
                    started.set();
                    awaitQuietly(release);
                }
                return x * 2;
            }, IntStream.range(0, 6).boxed().toList(), MapOptions.defaults().withChunksize(1));
            assertThat(started.await(WAIT)).isTrue();
            assertThat(map.running()).isTrue();
            assertThat(map.cancel(true)).isFalse();
            release.set();
            assertThat(map.get(WAIT)).containsExactly(0, 2, 4, 6, 8, 10);
        }
    }

    static void awaitQuietly(Event event) {
        try {
            event.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void shutdownWithCancelFuturesCancelsThePendingCallsAndLetsTheRunningOneFinish(Engine engine) throws Exception {
        Event started = Event.create();
        Event release = Event.create();
        Event pendingRan = Event.create();
        PoolExecutor executor = PoolExecutor.of(Pool.builder().engine(engine).processes(1).build());
        AsyncResult<String> running;
        List<AsyncResult<Integer>> pending;
        try {
            running = executor.submit(() -> {
                started.set();
                release.await();
                return "finished";
            });
            assertThat(started.await(WAIT)).isTrue();
            pending = IntStream.range(0, 5).mapToObj(i -> executor.submit(() -> {
                pendingRan.set();
                return i;
            })).toList();
            executor.shutdown(false, true);
            assertThatThrownBy(() -> executor.submit(() -> 1)).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        } finally {
            release.set();
        }
        executor.shutdown(true, false);
        assertThat(executor.isTerminated()).isTrue();
        assertThat(running.join()).isEqualTo("finished");
        // on PROCESSES the worker may have held the first one ahead of the running call: that one ran
        List<AsyncResult<Integer>> cancelled = engine == Engine.PROCESSES ? pending.subList(1, pending.size()) : pending;
        assertThat(cancelled).allSatisfy(call -> assertThat(call.isCancelled()).isTrue());
        assertThatThrownBy(cancelled.getLast()::join).isInstanceOf(CancellationException.class);
        if (engine == Engine.THREADS) {
            assertThat(pendingRan.isSet()).isFalse();
        } else if (!pending.getFirst().isCancelled()) {
            assertThat(pending.getFirst().join()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aCancelledCallsCallbackSeesTheCancellation(Engine engine) throws Exception {
        try (Pool pool = Pool.builder().engine(engine).processes(1).build(); Gate gate = new Gate()) {
            Event release = gate.event;
            occupyTheWorker(pool, release);
            var errors = new java.util.concurrent.LinkedBlockingQueue<Throwable>();
            AsyncResult<Integer> victim = pool.applyAsync(() -> 2, value -> { }, errors::add);
            assertThat(victim.cancel(true)).isTrue();
            assertThat(errors.poll(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            release.set();
            assertThatThrownBy(victim::join).isInstanceOf(CancellationException.class).isNotInstanceOf(CompletionException.class);
        }
    }

    /**
     * A thread interrupted while it waits in apply or map (a task cancelled with cancel(true), a
     * scope shutting down) stops waiting: CompletionException caused by InterruptedException, its
     * interrupt status kept; a map no worker took is cancelled; the pool serves on. It used to wait
     * for the whole call.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aCallerInterruptedWhileItWaitsStopsWaitingAndTheCallNoWorkerTookIsCancelled(Engine engine) throws Exception {
        Event queuedRan = Event.create();
        try (Pool pool = Pool.builder().engine(engine).processes(1).build(); Gate gate = new Gate()) {
            Event release = gate.event;
            occupyTheWorker(pool, release);
            java.util.concurrent.BlockingQueue<Throwable> thrown = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.atomic.AtomicBoolean interruptKept = new java.util.concurrent.atomic.AtomicBoolean();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    pool.map(x -> {
                        queuedRan.set();
                        return x;
                    }, List.of(1, 2, 3), 1);
                    thrown.add(new AssertionError("map returned"));
                } catch (Throwable t) {
                    interruptKept.set(Thread.currentThread().isInterrupted());
                    thrown.add(t);
                }
            });
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> caller.getState() == Thread.State.WAITING);
            caller.interrupt();
            Throwable failure = thrown.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(InterruptedException.class)
                    .hasMessageContaining("was cancelled before a worker took it");
            assertThat(caller.join(WAIT)).isTrue();
            assertThat(interruptKept).isTrue();
            release.set();
            assertThat(pool.apply(() -> 7)).isEqualTo(7);
            assertThat(queuedRan.isSet()).as("the cancelled map never ran").isFalse();
        }
    }

    /**
     * Makes the pool's one worker run a call that waits for {@code release}, and queues the call a
     * worker JVM may hold ahead of it: calls made afterwards stay pending until the release.
     */
    private static void occupyTheWorker(Pool pool, Event release) throws InterruptedException {
        Event started = Event.create();
        pool.applyAsync(() -> {
            started.set();
            release.await();
            return 0;
        });
        assertThat(started.await(WAIT)).isTrue();
        pool.applyAsync(() -> 1);
    }
}
