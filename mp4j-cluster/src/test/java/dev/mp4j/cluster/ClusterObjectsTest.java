package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.manager.SharedBarrier;
import dev.mp4j.manager.SharedEvent;
import dev.mp4j.manager.SharedList;
import dev.mp4j.manager.SharedLock;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.manager.SharedQueue;
import dev.mp4j.manager.SharedSemaphore;
import dev.mp4j.manager.SharedValue;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared objects on Redis, used from this JVM and from tasks on a worker JVM. */
class ClusterObjectsTest {
    private static RedisServer redis;
    private static LocalWorkers workers;
    private static Cluster cluster;
    private static Pool pool;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(1).workersPerJvm(4).classPath(TestClassPath.full()).start();
        cluster = Cluster.connect(redis.address());
        pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(4).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (pool != null) {
            pool.terminate();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void queueCarriesItemsFromWorkerTasksToThisJvm() throws InterruptedException {
        SharedQueue<Integer> results = cluster.queue("results");
        pool.map(x -> {
            try {
                results.put(x * x);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }, IntStream.range(0, 20).boxed().toList(), 1);
        List<Integer> got = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            got.add(results.poll(Duration.ofSeconds(30)));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).map(x -> x * x).boxed().toList());
        assertThat(results.poll()).isNull();
    }

    @Test
    void boundedQueueRefusesWhenFullAndJoinableQueueCountsTasks() throws InterruptedException {
        SharedQueue<String> bounded = cluster.queue("bounded", 2);
        assertThat(bounded.offer("a")).isTrue();
        assertThat(bounded.offer("b")).isTrue();
        assertThat(bounded.offer("c")).isFalse();
        assertThat(bounded.remainingCapacity()).isZero();
        assertThat(bounded.offer("c", Duration.ofMillis(100))).isFalse();
        SharedQueue<String> joinable = cluster.joinableQueue("joinable");
        joinable.put("job");
        AsyncResult<String> consumer = pool.applyAsync(() -> {
            String job = joinable.take();
            joinable.taskDone();
            return job;
        });
        joinable.join();
        assertThat(consumer.join()).isEqualTo("job");
        assertThatThrownBy(joinable::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("taskDone");
        assertThatThrownBy(bounded::join).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dictListAndValueAreSharedWithWorkerTasks() {
        SharedMap<String, Integer> counts = cluster.dict("counts");
        SharedList<String> log = cluster.list("log");
        SharedValue<Long> total = cluster.value("total", 0L);
        pool.map(x -> {
            counts.merge("hits", 1, Integer::sum);
            log.add("item " + x);
            total.addAndGet(x);
            return null;
        }, IntStream.range(0, 50).boxed().toList(), 1);
        assertThat(counts.get("hits")).isEqualTo(50);
        assertThat(log.snapshot()).hasSize(50).contains("item 0", "item 49");
        assertThat(total.get()).isEqualTo(IntStream.range(0, 50).sum());
        assertThat(cluster.value("total", 999L).get()).as("the first creator's value stays").isEqualTo(1225L);
        assertThat(total.compareAndSet(1225L, 7L)).isTrue();
        assertThat(total.get()).isEqualTo(7L);
    }

    @Test
    void lockGivesMutualExclusionAcrossJvms() {
        SharedLock lock = cluster.lock("mutex");
        SharedValue<Integer> counter = cluster.value("unsafe-counter", 0);
        pool.map(x -> {
            lock.lock();
            try {
                Integer v = counter.get();
                counter.set(v + 1);
            } finally {
                lock.unlock();
            }
            return null;
        }, IntStream.range(0, 40).boxed().toList(), 1);
        assertThat(counter.get()).isEqualTo(40);
        assertThat(lock.isLocked()).isFalse();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalStateException.class).hasMessageContaining("unlocked");
        SharedLock rlock = cluster.rlock("reentrant");
        rlock.lock();
        rlock.lock();
        rlock.unlock();
        assertThat(rlock.isLocked()).isTrue();
        rlock.unlock();
        assertThat(rlock.isLocked()).isFalse();
    }

    @Test
    void semaphoreEventAndBarrierCoordinateWorkers() throws Exception {
        SharedSemaphore semaphore = cluster.semaphore("slots", 2);
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.tryAcquire(Duration.ofMillis(50))).isFalse();
        semaphore.release();
        assertThat(semaphore.availablePermits()).isEqualTo(1);

        SharedEvent go = cluster.event("go");
        assertThat(go.isSet()).isFalse();
        AsyncResult<Boolean> waiter = pool.applyAsync(() -> go.await(Duration.ofSeconds(60)));
        go.set();
        assertThat(waiter.join()).isTrue();
        assertThat(cluster.event("go").isSet()).as("attaching does not reset a set event").isTrue();
        go.clear();
        assertThat(go.await(Duration.ofMillis(50))).isFalse();

        SharedBarrier barrier = cluster.barrier("meet", 3);
        List<AsyncResult<Integer>> parties = List.of(pool.applyAsync(barrier::await), pool.applyAsync(barrier::await));
        int mine = barrier.await(Duration.ofSeconds(60));
        List<Integer> indexes = new java.util.ArrayList<>(List.of(mine));
        for (AsyncResult<Integer> party : parties) {
            indexes.add(party.join());
        }
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
        SharedBarrier lonely = cluster.barrier("lonely", 2);
        assertThatThrownBy(() -> lonely.await(Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
        assertThat(lonely.isBroken()).isTrue();
        assertThatThrownBy(lonely::await).isInstanceOf(BrokenBarrierException.class);
        lonely.reset();
        assertThat(lonely.isBroken()).isFalse();
    }

    @Test
    void sharedMemoryIsRefusedNamingTheAlternative() {
        assertThatThrownBy(() -> cluster.sharedMemory("buf", 1024))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot exist across machines").hasMessageContaining("cluster.value");
        assertThatThrownBy(() -> cluster.queue(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void processRunsItsTargetOnAWorker() throws InterruptedException {
        System.setProperty("mp4j.redis", redis.address());
        try {
            SharedQueue<Long> pids = cluster.queue("process-pids");
            dev.mp4j.Process process = dev.mp4j.Process.of(Engine.CLUSTER, () -> {
                try {
                    pids.put(ProcessHandle.current().pid());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            process.start();
            process.join();
            assertThat(process.exitCode()).hasValue(0);
            assertThat(pids.poll(Duration.ofSeconds(30))).isEqualTo(workers.pids().getFirst());
            dev.mp4j.Process failing = dev.mp4j.Process.of(Engine.CLUSTER, () -> {
                throw new IllegalStateException("boom");
            });
            failing.start();
            failing.join();
            assertThat(failing.exitCode()).hasValue(1);
        } finally {
            System.clearProperty("mp4j.redis");
        }
    }
}
