package dev.mp4j.manager;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Engine;
import dev.mp4j.connection.Address;
import dev.mp4j.connection.Listener;
import dev.mp4j.function.SerializableBiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Proxy semantics, with the server on threads of this JVM (same code path over sockets, faster to start). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagerThreadsTest {
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool();
    private static Manager manager;

    @BeforeAll
    static void startManager() {
        manager = Manager.builder().engine(Engine.THREADS)
                .register("Counter", Counter::new, Set.of("increment", "get", "fail", "failUnsendable", "unsendableResult"))
                .registerWithArguments("StartedCounter", args -> new Counter((Integer) args[0]), Set.of("increment", "get"))
                .start();
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    public interface CounterApi {
        int increment(int by);

        int get();

        void fail(String message);

        void failUnsendable();

        Object unsendableResult();

        default int incrementTwice() {
            increment(1);
            return increment(1);
        }
    }

    public interface NotExposed {
        void reset();
    }

    static final class Counter {
        private int count;

        Counter() {
        }

        Counter(int start) {
            count = start;
        }

        public synchronized int increment(int by) {
            count += by;
            return count;
        }

        public synchronized int get() {
            return count;
        }

        public void reset() {
            count = 0;
        }

        public void fail(String message) {
            throw new IllegalStateException(message);
        }

        public void failUnsendable() {
            throw new UnsendableException();
        }

        public Object unsendableResult() {
            return new Object();
        }
    }

    static final class UnsendableException extends RuntimeException {
        @SuppressWarnings("unused")
        private final transient Object ignored = null;
        private final Thread notSerializable = Thread.currentThread();

        UnsendableException() {
            super("carries a thread");
        }
    }

    @Test
    void mapBehavesLikeAMapAndIteratesOnASnapshot() {
        SharedMap<String, Integer> d = manager.dict(Map.of("a", 1));
        d.put("b", 2);
        d.put("c", 3);
        assertThat(d.get("a")).isEqualTo(1);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.containsKey("b")).isTrue();
        assertThat(d.getOrDefault("zz", -1)).isEqualTo(-1);
        assertThat(d.remove("c")).isEqualTo(3);
        assertThat(d.keySet()).containsExactly("a", "b");
        assertThat(d.entrySet()).hasSize(2);
        assertThat(d.toString()).isEqualTo("{a=1, b=2}");
        assertThat(d).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(d.merge("a", 10, Integer::sum)).isEqualTo(11);
        assertThat(d.compute("n", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
        assertThat(d.computeIfAbsent("m", k -> k.length())).isEqualTo(1);
        List<String> seen = new ArrayList<>();
        d.forEach((k, v) -> seen.add(k));
        assertThat(seen).containsExactly("a", "b", "n", "m");
        assertThatThrownBy(() -> d.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        d.clear();
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void nonSerializableFunctionOrValueIsRefusedWithAClearMessage() {
        SharedMap<String, Object> d = manager.dict();
        java.util.function.BiFunction<Object, Object, Object> plain = (a, b) -> a;
        assertThatThrownBy(() -> d.merge("k", 1, plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serializable");
        assertThatThrownBy(() -> d.put("k", new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> d.put("k", new javax.security.auth.x500.X500Principal("CN=mp4j")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot accept argument 2").hasMessageContaining("X500Principal");
        d.put("still", "usable");
        assertThat(d.get("still")).isEqualTo("usable");
    }

    @Test
    void listSupportsListOperationsAndRethrowsServerExceptionsWithRemoteStackTrace() {
        SharedList<Integer> l = manager.list(List.of(1, 2, 3, 4));
        l.add(5);
        l.remove(Integer.valueOf(1));
        l.remove(0);
        assertThat(l).containsExactly(3, 4, 5);
        assertThat(l.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
        assertThat(l.subList(1, 3)).containsExactly(4, 5);
        assertThat(l.indexOf(4)).isEqualTo(1);
        assertThatThrownBy(() -> l.get(99))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .satisfies(e -> assertThat(e.getStackTrace()).anyMatch(f -> f.getClassName().contains("ArrayList"))
                        .anyMatch(f -> f.getClassName().equals(ManagerThreadsTest.class.getName())));
    }

    @Test
    void namespaceValueAndArray() {
        Namespace ns = manager.namespace();
        ns.set("x", 1);
        ns.set("y", "two");
        assertThat(ns.get("x")).isEqualTo(1);
        assertThat(ns.has("z")).isFalse();
        assertThat(ns.toString()).isEqualTo("Namespace(x=1, y=two)");
        assertThatThrownBy(() -> ns.get("z")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("'z'");
        ns.delete("x");
        assertThat(ns.attributes()).isEqualTo(Map.of("y", "two"));

        SharedValue<Integer> v = manager.value(10);
        assertThat(v.addAndGet(5)).isEqualTo(15);
        assertThat(v.compareAndSet(15, 20)).isTrue();
        assertThat(v.compareAndSet(15, 30)).isFalse();
        assertThat(v.updateAndGet(x -> x * 2)).isEqualTo(40);
        SharedValue<String> text = manager.value("a");
        assertThatThrownBy(() -> text.addAndGet(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("String");

        SharedArray<Double> a = manager.array(List.of(1.0, 2.0, 3.0));
        a.set(1, 5.0);
        assertThat(a.length()).isEqualTo(3);
        assertThat(a.toList()).containsExactly(1.0, 5.0, 3.0);
        assertThatThrownBy(() -> a.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void queueBlocksTimesOutAndCountsTasks() throws Exception {
        SharedQueue<String> q = manager.joinableQueue(2);
        assertThat(q.poll()).isNull();
        assertThat(q.poll(Duration.ofMillis(50))).isNull();
        q.put("a");
        assertThat(q.offer("b")).isTrue();
        assertThat(q.offer("c")).isFalse();
        assertThat(q.offer("c", Duration.ofMillis(50))).isFalse();
        assertThat(q.size()).isEqualTo(2);
        CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
            try {
                q.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        assertThat(q.take()).isEqualTo("a");
        assertThat(q.take()).isEqualTo("b");
        q.taskDone();
        assertThat(joined).isNotDone();
        q.taskDone();
        joined.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("more times");
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
        CompletableFuture<String> taker = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        q.put("late");
        assertThat(taker.get(10, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void interruptingACallWaitingInTheServerThrowsInterruptedException() throws Exception {
        SharedQueue<String> q = manager.queue();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                outcome.complete(new AssertionError("took " + q.take()));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            taker.interrupt();
            return outcome.isDone();
        });
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("take");
        assertThat(q.size()).isZero();
    }

    @Test
    void lockIsSharedAndRefusesReleasingWhenUnlocked() throws Exception {
        SharedLock lock = manager.lock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        lock.lock();
        assertThat(lock.isLocked()).isTrue();
        assertThat(CompletableFuture.supplyAsync(lock::tryLock, THREADS).get(10, TimeUnit.SECONDS)).isFalse();
        // Python's Lock may be released by another thread
        CompletableFuture.runAsync(lock::unlock, THREADS).get(10, TimeUnit.SECONDS);
        assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
        assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rlockIsReentrantAndOwnedByTheAcquiringThread() throws Exception {
        SharedLock rlock = manager.rlock();
        rlock.lock();
        rlock.lock();
        assertThatThrownBy(() -> CompletableFuture.runAsync(rlock::unlock, THREADS).join())
                .hasCauseInstanceOf(IllegalMonitorStateException.class);
        assertThat(CompletableFuture.supplyAsync(rlock::tryLock, THREADS).get(10, TimeUnit.SECONDS)).isFalse();
        rlock.unlock();
        assertThat(rlock.isLocked()).isTrue();
        rlock.unlock();
        assertThat(rlock.isLocked()).isFalse();
    }

    @Test
    void semaphoresEventAndBoundedOverRelease() throws Exception {
        SharedSemaphore s = manager.semaphore(1);
        s.acquire();
        assertThat(s.tryAcquire(Duration.ofMillis(50))).isFalse();
        s.release();
        s.release();
        assertThat(s.availablePermits()).isEqualTo(2);
        SharedSemaphore bounded = manager.boundedSemaphore(1);
        assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");

        SharedEvent event = manager.event();
        assertThat(event.await(Duration.ofMillis(50))).isFalse();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return event.await(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        event.set();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(event.isSet()).isTrue();
        event.clear();
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void conditionWaitsForSignalAndRequiresTheLock() throws Exception {
        SharedCondition condition = manager.condition();
        SharedList<String> items = manager.list();
        assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
        CompletableFuture<String> consumer = CompletableFuture.supplyAsync(() -> {
            condition.lock();
            try {
                while (items.isEmpty()) {
                    condition.await(Duration.ofSeconds(20));
                }
                return items.getFirst();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                condition.unlock();
            }
        }, THREADS);
        condition.lock();
        try {
            items.add("item");
            condition.signalAll();
        } finally {
            condition.unlock();
        }
        assertThat(consumer.get(10, TimeUnit.SECONDS)).isEqualTo("item");
        condition.lock();
        try {
            assertThat(condition.await(Duration.ofMillis(50))).isFalse();
            assertThat(condition.isLocked()).isTrue();
        } finally {
            condition.unlock();
        }
    }

    @Test
    void barrierReleasesAllPartiesAndBreaksOnTimeout() throws Exception {
        SharedBarrier barrier = manager.barrier(3);
        List<CompletableFuture<Integer>> parties = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parties.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return barrier.await(Duration.ofSeconds(20));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, THREADS));
        }
        List<Integer> indexes = new ArrayList<>();
        for (CompletableFuture<Integer> party : parties) {
            indexes.add(party.get(10, TimeUnit.SECONDS));
        }
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
        assertThat(barrier.parties()).isEqualTo(3);
    }

    @Test
    void customTypeRunsInTheServerAndKeepsExposureRules() {
        CounterApi counter = manager.create("Counter", CounterApi.class);
        assertThat(counter.increment(5)).isEqualTo(5);
        assertThat(counter.incrementTwice()).isEqualTo(7);
        assertThat(counter.get()).isEqualTo(7);
        CounterApi started = manager.create("StartedCounter", CounterApi.class, 100);
        assertThat(started.increment(1)).isEqualTo(101);

        assertThatThrownBy(() -> counter.fail("boom"))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom")
                .satisfies(e -> assertThat(e.getStackTrace()).anyMatch(f -> f.getMethodName().equals("fail")
                        && f.getClassName().endsWith("Counter")));
        assertThatThrownBy(counter::failUnsendable)
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.remoteClassName()).endsWith("UnsendableException");
                    assertThat(e.remoteStackTrace()).contains("failUnsendable");
                });
        assertThatThrownBy(counter::unsendableResult)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be sent back");
        assertThat(counter.get()).isEqualTo(7);
        NotExposed hidden = manager.create("Counter", NotExposed.class);
        assertThatThrownBy(hidden::reset).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("not exposed");
        assertThatThrownBy(() -> manager.create("Nope", CounterApi.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> manager.create("Counter", Counter.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
    }

    @Test
    void proxiesSurviveSerializationAndNestingAndTokensHideTheAuthkey() throws Exception {
        SharedMap<String, Object> outer = manager.dict();
        SharedList<Integer> inner = manager.list();
        outer.put("inner", inner);
        @SuppressWarnings("unchecked")
        SharedList<Integer> fetched = (SharedList<Integer>) outer.get("inner");
        fetched.add(42);
        assertThat(inner).containsExactly(42);
        assertThat(fetched).isEqualTo(inner);

        @SuppressWarnings("unchecked")
        SharedList<Integer> copy = (SharedList<Integer>) roundTrip(inner);
        copy.add(43);
        assertThat(inner).containsExactly(42, 43);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(inner);
        }
        String key = java.util.HexFormat.of().formatHex(manager.authkey());
        Object token = ((dev.mp4j.internal.manager.SerializableProxy) inner).writeReplace();
        assertThat(token.toString()).doesNotContain(key).contains("list");
    }

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void unreachableProxiesReleaseTheirObjects() {
        int before = manager.objectCount();
        for (int i = 0; i < 20; i++) {
            manager.dict().put("k", i);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return manager.objectCount() <= before;
        });
    }

    @Test
    void remoteManagerOnTcpRefusesWrongAuthkeyAndKeepsServing() throws Exception {
        byte[] key = Listener.randomAuthkey();
        try (ManagerServer server = Manager.builder().address(Address.tcp("127.0.0.1", 0)).authkey(key).serve()) {
            assertThatThrownBy(() -> Manager.connect(server.address(), Listener.randomAuthkey()))
                    .isInstanceOf(AuthenticationException.class);
            try (SocketChannel raw = SocketChannel.open(server.address().toSocketAddress())) {
                raw.write(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0, 9, 1, 2, 3}));
            }
            try (Manager remote = Manager.connect(server.address(), key)) {
                SharedMap<String, Integer> d = remote.dict();
                d.put("x", 1);
                assertThat(d.get("x")).isEqualTo(1);
                assertThat(server.objectCount()).isGreaterThanOrEqualTo(1);
            }
            assertThat(server.isRunning()).isTrue();
        }
        assertThatThrownBy(() -> Manager.builder().address(Address.tcp("127.0.0.1", 0)).serve())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authkey");
    }

    @Test
    void closedManagerFailsCallsClearly() {
        Manager temporary = Manager.builder().engine(Engine.THREADS).start();
        SharedList<String> l = temporary.list();
        l.add("x");
        temporary.close();
        assertThatThrownBy(() -> l.add("y")).isInstanceOf(UncheckedIOException.class).hasMessageContaining("not reachable");
        assertThatThrownBy(temporary::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void serverThatCannotBindFailsStartWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path taken = java.nio.file.Files.createFile(dir.resolve("taken.sock"));
        assertThatThrownBy(() -> Manager.builder().engine(Engine.THREADS).address(Address.unix(taken)).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
    }

    @Test
    void builderRejectsBadOptions() {
        assertThatThrownBy(() -> Manager.builder().engine(Engine.CLUSTER)).hasMessageContaining("PROCESSES or Engine.THREADS");
        assertThatThrownBy(() -> Manager.builder().authkey(new byte[3])).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> Manager.builder().register("dict", () -> 1, Set.of("x"))).hasMessageContaining("built in");
        assertThatThrownBy(() -> Manager.builder().register("T", () -> 1, Set.of())).hasMessageContaining("exposes no methods");
        assertThatThrownBy(() -> manager.queue(-1)).hasMessageContaining("maxsize");
        assertThatThrownBy(() -> manager.barrier(0)).hasMessageContaining("party");
    }

    @Test
    void concurrentThreadsLoseNoUpdates() throws Exception {
        SharedMap<String, Integer> d = manager.dict();
        SharedList<Integer> l = manager.list();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        SerializableBiFunction<Integer, Integer, Integer> sum = Integer::sum;
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        d.merge("n", 1, sum);
                        l.add(i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
        assertThat(d.get("n")).isEqualTo(800);
        assertThat(l).hasSize(800);
    }
}
