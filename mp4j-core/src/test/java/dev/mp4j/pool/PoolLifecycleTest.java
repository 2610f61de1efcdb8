package dev.mp4j.pool;

import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.process.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life of a process pool as its users see it: workers come up a few at a time and take work
 * as soon as one is up, close() does not wait for the worker JVMs' own exit while join() does,
 * the spares a pool leaves serve the next one, and a short task never waits behind a long one
 * while another worker is free.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoolLifecycleTest {

    private static PoolCore core(Pool pool) throws ReflectiveOperationException {
        var field = Pool.class.getDeclaredField("core");
        field.setAccessible(true);
        return (PoolCore) field.get(pool);
    }

    @Test
    void workersStartAtMostAFewAtATimeAndTheFirstTakesWorkAtOnce() throws Exception {
        String previous = System.setProperty("mp4j.concurrentWorkerStarts", "2");
        try (Pool pool = Pool.builder().processes(5).jvmOptions("-Dmp4j.test.lifecycle=1").build()) {
            PoolCore core = core(pool);
            int most = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pool.workerPids().size() < 5 || core.startingWorkerCount() > 0) {
                most = Math.max(most, core.startingWorkerCount());
                assertThat(System.nanoTime()).as("all 5 workers up within 2 minutes").isLessThan(deadline);
                Thread.sleep(2);
            }
            assertThat(most).as("worker JVMs starting at once").isBetween(1, 2);
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3), 1)).containsExactly(2, 3, 4);
        } finally {
            if (previous == null) {
                System.clearProperty("mp4j.concurrentWorkerStarts");
            } else {
                System.setProperty("mp4j.concurrentWorkerStarts", previous);
            }
        }
    }

    @Test
    void closeReturnsOnceTheWorkIsDoneAndJoinWaitsForTheWorkerJvmsToExit() throws Exception {
        Pool pool = Pool.builder().processes(2).jvmOptions("-Dmp4j.test.lifecycle=2").build();
        assertThat(pool.map(x -> x * 2, List.of(1, 2, 3, 4), 1)).containsExactly(2, 4, 6, 8);
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.workerPids().size() == 2);
        List<Long> workers = new ArrayList<>(pool.workerPids());
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        pool.join(); // Python's join: the worker processes themselves have exited
        for (long pid : workers) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker %d alive", pid).isFalse();
        }
    }

    @Test
    void aShortTaskDoesNotWaitBehindALongOneWhileAnotherWorkerIsFree() throws Exception {
        try (Pool pool = Pool.builder().processes(2).jvmOptions("-Dmp4j.test.lifecycle=3").build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.workerPids().size() == 2);
            AsyncResult<String> slow = pool.applyAsync(() -> {
                Thread.sleep(20_000);
                return "slow";
            });
            long start = System.nanoTime();
            assertThat(pool.applyAsync(() -> "quick").get(Duration.ofSeconds(15))).isEqualTo("quick");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(slow.isDone()).isFalse();
            pool.terminate();
        }
    }

    @Test
    void thePoolsSparesServeTheNextPool() throws Exception {
        ProcessEngine engine = ProcessEngine.get();
        try (Pool pool = Pool.create(2)) {
            assertThat(pool.map(x -> x, List.of(1, 2), 1)).containsExactly(1, 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.workerPids().size() == 2);
        }
        // a pool of 2 asked for up to 2 spares (the cap is min(cores, 8), at least 1 on any machine)
        int expected = Math.min(2, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.readySpares() >= expected);
        Set<Long> spares = new HashSet<>(engine.sparePids());
        try (Pool next = Pool.create(expected)) {
            assertThat(next.apply(() -> 7)).isEqualTo(7);
            await().atMost(Duration.ofSeconds(60)).until(() -> next.workerPids().size() == expected);
            assertThat(spares).as("the next pool's workers are the spares that were ready").containsAll(next.workerPids());
        }
    }
    /**
     * A short-lived pool closed while its worker JVM still boots: that JVM got no role, so it ran
     * nothing of the pool (not its initializer), and the next pool gets it instead of a new one. A
     * JVM that did get its role (ran the initializer and a task) is never handed on.
     */
    @Test
    void aWorkerJvmStillBootingWhenItsPoolClosesServesTheNextPoolCleanly() throws Exception {
        ProcessEngine engine = ProcessEngine.get();
        int spareCount = engine.spareCount();
        try {
            Long kept = null;
            // close() follows create() at once, while the worker's JVM boots (tens of ms); a few tries
            // for a machine that stalls this thread that long between the two
            for (int attempt = 0; attempt < 3 && kept == null; attempt++) {
                engine.spareCount(0); // no spare to take: the worker's JVM is started for the pool
                Pool pool = Pool.builder().processes(1)
                        .initializer(() -> System.setProperty("mp4j.test.initializerRan", "yes")).build();
                List<Long> pids = pool.workerPids();
                pool.close();
                assertThat(pids).hasSize(1);
                pool.join();
                if (engine.sparePids().contains(pids.getFirst())) {
                    kept = pids.getFirst();
                }
            }
            assertThat(kept).as("the booting worker JVM of a closed pool is kept as a spare, not killed").isNotNull();
            assertThat(ProcessHandle.of(kept).map(ProcessHandle::isAlive)).contains(true);
            long keptPid = kept;
            try (Pool next = Pool.create(1)) {
                assertThat(next.workerPids()).containsExactly(keptPid);
                assertThat(next.apply(() -> ProcessHandle.current().pid())).isEqualTo(keptPid);
                assertThat(next.apply(() -> String.valueOf(System.getProperty("mp4j.test.initializerRan"))))
                        .as("the kept JVM never ran the closed pool's initializer").isEqualTo("null");
            }
            // a JVM whose bootstrap carries deserialization settings changed since is not kept either
            engine.spareCount(0);
            Pool stale = Pool.create(1);
            long stalePid = stale.workerPids().getFirst();
            dev.mp4j.Serialization.allow("dev.mp4j.test.adoption.*");
            stale.close();
            stale.join();
            assertThat(engine.sparePids()).as("a JVM with stale deserialization settings is not kept").doesNotContain(stalePid);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(stalePid).map(p -> !p.isAlive()).orElse(true));
            engine.spareCount(0);
            Pool ran = Pool.builder().processes(1)
                    .initializer(() -> System.setProperty("mp4j.test.initializerRan", "yes")).build();
            long ranPid = ran.apply(() -> ProcessHandle.current().pid());
            assertThat(ran.apply(() -> System.getProperty("mp4j.test.initializerRan"))).isEqualTo("yes");
            ran.close();
            ran.join();
            assertThat(engine.sparePids()).as("a JVM that ran the pool's code is never handed on").doesNotContain(ranPid);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(ranPid).map(p -> !p.isAlive()).orElse(true));
        } finally {
            engine.spareCount(spareCount);
        }
    }
}
