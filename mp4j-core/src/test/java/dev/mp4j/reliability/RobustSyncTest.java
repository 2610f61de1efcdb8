package dev.mp4j.reliability;

import dev.mp4j.Process;
import dev.mp4j.internal.runtime.ProcessStamp;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;
import dev.mp4j.internal.sync.RobustMutex;
import dev.mp4j.shm.Value;
import dev.mp4j.sync.Barrier;
import dev.mp4j.sync.BoundedSemaphore;
import dev.mp4j.sync.Lock;
import dev.mp4j.sync.LockOwnerDiedException;
import dev.mp4j.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Synchronization objects whose users die: a lock owner whose pid is recycled, a semaphore holder,
 * a barrier party. Each test kills real child JVMs with SIGKILL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RobustSyncTest {

    private static void parkForever() {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) { // a park may return early
            LockSupport.parkNanos(left);
        }
    }

    private static Process startAndAwait(Process process, java.util.concurrent.Callable<Boolean> ready) {
        process.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ready.call() || !process.isAlive());
        assertThat(process.isAlive()).as("the child got ready").isTrue();
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.kill();
        assertThat(process.join(Duration.ofSeconds(30))).isTrue();
        assertThat(process.exitCode()).hasValue(-9);
    }

    /** The kernel id of a live thread of this JVM that is not its main thread. */
    private static long liveThreadId(CountDownLatch release) throws InterruptedException {
        AtomicLong tid = new AtomicLong();
        CountDownLatch known = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
                tid.set(Long.parseLong(link.substring(link.lastIndexOf('/') + 1)));
            } catch (Exception e) {
                tid.set(-1);
            }
            known.countDown();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // done
            }
        });
        known.await();
        return tid.get();
    }

    /**
     * The owner recorded in a lock word names a process by pid and start time: a live thread (of
     * any process) or another process that now has the dead owner's pid does not keep the lock held;
     * the real owner does (issue 19.5).
     */
    @Test
    void aLockWhoseDeadOwnersPidNowNamesAThreadOrAnotherProcessIsFreed() throws Exception {
        SharedSegment segment = SharedSegment.create(64);
        RobustMutex mutex = new RobustMutex(segment.segment(), 0);
        CountDownLatch release = new CountDownLatch(1);
        try {
            long tid = liveThreadId(release);
            assertThat(tid).isPositive().isNotEqualTo(ProcessHandle.current().pid());
            long init = ProcessStamp.stampOf(1);
            assertThat(init).as("pid 1 is alive").isNotZero();
            long[] deadOwners = {
                    ProcessStamp.of((int) tid, 12345),                       // a thread now has the dead owner's pid
                    ProcessStamp.of(1, ProcessStamp.start(init) + 1),       // another process has it
            };
            for (long deadOwner : deadOwners) {
                Words.setLong(segment.segment(), 0, deadOwner);
                long started = System.nanoTime();
                assertThatThrownBy(() -> mutex.lock(Deadline.after(Duration.ofSeconds(10))))
                        .isInstanceOf(LockOwnerDiedException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                assertThat(mutex.isLocked()).as("freed").isFalse();
            }
            Words.setLong(segment.segment(), 0, init); // the real, live owner keeps its lock
            assertThat(mutex.lock(Deadline.after(Duration.ofMillis(300)))).isFalse();
            assertThat(mutex.isLocked()).isTrue();
        } finally {
            release.countDown();
            segment.close();
        }
    }

    /**
     * A child JVM dies holding a Lock and its pid is given to something else (a process, or a
     * thread of this JVM): acquire() neither returns false after its timeout nor hangs, it reports
     * the death (issue 19.5).
     */
    @Test
    void aKilledLockOwnerIsDetectedAfterItsPidIsRecycled() throws Exception {
        Lock lock = Lock.create();
        Process owner = startAndAwait(Process.of(() -> {
            lock.lock();
            parkForever();
        }), lock::isLocked);
        long pid = owner.pid();
        kill(owner);
        assertThat(lock.isLocked()).as("the dead owner's word is still there").isTrue();
        try (PidReuse reused = PidReuse.occupy(pid, Duration.ofSeconds(60))) {
            assumeTrue(reused != null, "could not make pid " + pid + " live again within 60 s");
            assertThat(ProcessHandle.of(pid)).as("pid %d names %s", pid, reused.what()).isPresent();
            long started = System.nanoTime();
            assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(10))).isInstanceOf(LockOwnerDiedException.class)
                    .hasMessageContaining("process " + pid + " died");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            CompletableFuture<Void> acquired = CompletableFuture.runAsync(() -> {
                try {
                    lock.acquire();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            acquired.get(10, TimeUnit.SECONDS);
            lock.release();
        }
    }

    /**
     * A BoundedSemaphore is robust by default: the permits of a child killed while holding them
     * come back; a plain Semaphore keeps Python's behaviour, where they are lost (issue 19.6).
     */
    @Test
    void permitsOfAKilledHolderComeBackToARobustSemaphoreOnly() throws Exception {
        BoundedSemaphore robust = BoundedSemaphore.create(2);
        Semaphore plain = Semaphore.create(1);
        assertThat(robust.isRobust()).isTrue();
        assertThat(plain.isRobust()).isFalse();
        Value.OfInt taken = Value.ofInt(0);
        Process holder = startAndAwait(Process.of(() -> {
            try {
                robust.acquire();
                robust.acquire();
                plain.acquire();
                taken.set(3);
            } catch (InterruptedException e) {
                return;
            }
            parkForever();
        }), () -> taken.get() == 3);
        assertThat(robust.acquire(false)).isFalse();
        kill(holder);
        long started = System.nanoTime();
        assertThat(robust.acquire(Duration.ofSeconds(10))).as("a dead holder's permit comes back").isTrue();
        assertThat(robust.acquire(Duration.ofSeconds(10))).as("both of them").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(robust.acquire(false)).as("and no more").isFalse();
        robust.release(2);
        assertThatThrownBy(robust::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");
        assertThat(robust.value()).isEqualTo(2);
        assertThat(plain.acquire(Duration.ofMillis(300))).as("Python's semaphore loses the permit").isFalse();
    }

    /**
     * Children hammer a robust semaphore (acquire, release, in a loop) and are killed at random
     * moments, inside its bookkeeping too: afterwards exactly its permits can be taken, no more, no
     * fewer.
     */
    @Test
    void killsInTheMiddleOfAcquireAndReleaseLoseAndCreateNoPermit() throws Exception {
        BoundedSemaphore semaphore = BoundedSemaphore.create(3);
        Value.OfLong rounds = Value.ofLong(0, false);
        Random random = new Random(19);
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(startAndAwait(Process.of(() -> {
                    try {
                        while (true) {
                            semaphore.acquire();
                            rounds.addAndGet(1);
                            semaphore.release();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), () -> rounds.get() > 0));
            }
            for (Process child : children) {
                long before = rounds.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() > before + 1000 + random.nextInt(5000));
                kill(child);
            }
        } finally {
            children.forEach(p -> {
                if (p.isAlive()) {
                    p.kill();
                }
            });
        }
        for (int i = 0; i < 3; i++) {
            assertThat(semaphore.acquire(Duration.ofSeconds(10))).as("permit %d", i).isTrue();
        }
        assertThat(semaphore.acquire(Duration.ofMillis(200))).as("a fourth permit").isFalse();
        semaphore.release(3);
        assertThat(semaphore.value()).isEqualTo(3);
    }

    /**
     * A party killed while it waits breaks the barrier for everyone, as abort() does: with two
     * parties the survivor does not pass with a dead partner, with three the waiter is not left
     * waiting for ever (issue 19.7). reset() makes the barrier usable again.
     */
    @Test
    void aPartyKilledWhileWaitingBreaksTheBarrierForEveryWaiter() throws Exception {
        Barrier pair = Barrier.create(2);
        Process partner = startAndAwait(Process.of(() -> {
            try {
                pair.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
        }), () -> pair.waiting() == 1);
        kill(partner);
        assertThatThrownBy(() -> pair.await(Duration.ofSeconds(10))).isInstanceOf(BrokenBarrierException.class)
                .hasMessageContaining("died");

        Barrier three = Barrier.create(3);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            awaitBrokenThenReset(three, threads);
        } finally {
            threads.shutdownNow();
        }
    }

    private void awaitBrokenThenReset(Barrier three, java.util.concurrent.ExecutorService threads) throws Exception {
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return three.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, threads);
        Process party = startAndAwait(Process.of(() -> {
            try {
                three.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
        }), () -> three.waiting() == 2);
        kill(party);
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(BrokenBarrierException.class);
        assertThat(three.isBroken()).isTrue();

        three.reset();
        List<CompletableFuture<Integer>> round = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            round.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return three.await(Duration.ofSeconds(30));
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, threads));
        }
        List<Integer> indices = new ArrayList<>();
        for (CompletableFuture<Integer> f : round) {
            indices.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
    }
}
