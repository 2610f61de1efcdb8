package dev.mp4j.queue;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.queue.RingTamper;
import dev.mp4j.shm.Array;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueTest {

    @Test
    void itemsComeOutInOrderAsEqualCopies() throws InterruptedException {
        Queue<Object> queue = Queue.create();
        List<Object> items = List.of(1, "two", 3.0, List.of(4, 5), Map.of("k", "v"), new byte[]{6});
        for (Object item : items) {
            queue.put(item);
        }
        assertThat(queue.qsize()).isEqualTo(items.size());
        assertThat(queue.peek()).isEqualTo(1);
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            got.add(queue.get());
        }
        assertThat(got.subList(0, 5)).isEqualTo(items.subList(0, 5));
        assertThat((byte[]) got.get(5)).containsExactly(6);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void getOnAnEmptyQueueRaisesEmptyAtOnceOrAfterTheTimeout() throws InterruptedException {
        Queue<Integer> queue = Queue.create();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
        long start = System.nanoTime();
        assertThatThrownBy(() -> queue.get(true, Duration.ofMillis(150))).isInstanceOf(QueueEmptyException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(queue.poll()).isNull();
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void putOnAFullQueueRaisesFullAndOfferReturnsFalse() throws InterruptedException {
        Queue<Integer> queue = Queue.create(2);
        queue.put(1);
        assertThat(queue.offer(2)).isTrue();
        assertThat(queue.isFull()).isTrue();
        assertThat(queue.remainingCapacity()).isZero();
        assertThatThrownBy(() -> queue.putNowait(3)).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> queue.put(3, true, Duration.ofMillis(100))).isInstanceOf(QueueFullException.class);
        assertThat(queue.offer(3, 10, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(queue.take()).isEqualTo(1);
        queue.putNowait(3);
        assertThat(queue.drainTo(new ArrayList<>())).isEqualTo(2);
    }

    @Test
    void aBlockedPutProceedsWhenAConsumerMakesRoom() throws Exception {
        Queue<Integer> queue = Queue.create(1);
        queue.put(1);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                queue.put(2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(queue.get()).isEqualTo(1);
        assertThat(queue.get(true, Duration.ofSeconds(10))).isEqualTo(2);
        producer.join(Duration.ofSeconds(10));
    }

    @Test
    void aBlockedGetIsInterruptible() throws Exception {
        Queue<Integer> queue = Queue.create();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                queue.get();
                outcome.complete(null);
            } catch (InterruptedException e) {
                outcome.complete(e);
            }
        });
        consumer.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        queue.put(1);
        assertThat(queue.get()).isEqualTo(1);
    }

    @Test
    void moreBlockedVirtualThreadConsumersThanCarriersDoNotStarveTheProducer() throws InterruptedException {
        Queue<Integer> queue = Queue.create();
        Array.OfInt got = Array.ofInt(1);
        int consumers = 4 * Runtime.getRuntime().availableProcessors();
        try (Children children = new Children()) {
            for (int c = 0; c < consumers; c++) {
                children.start(Engine.VIRTUAL_THREADS, () -> {
                    try {
                        got.addAndGet(0, queue.get());
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            children.start(Engine.VIRTUAL_THREADS, () -> {
                try {
                    for (int c = 0; c < consumers; c++) {
                        queue.put(1);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            children.joinAllSucceeded(Duration.ofSeconds(20));
        }
        assertThat(got.get(0)).isEqualTo(consumers);
    }

    @Test
    void aClosedQueueRefusesPutsAndGets() {
        Queue<String> queue = Queue.create();
        queue.close();
        assertThatThrownBy(() -> queue.put("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(queue::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void nullsUnserializableAndOversizedItemsAreRefusedClearly() {
        Queue<Object> queue = Queue.create(0, 1024);
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("sentinel");
        assertThatThrownBy(() -> queue.put(new Object())).isInstanceOf(SerializationException.class);
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::iterator).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void itemsWrapAroundTheBufferIntact() throws InterruptedException {
        Queue<String> queue = Queue.create(0, 100);
        for (int i = 0; i < 500; i++) {
            String item = "item-" + "x".repeat(i % 37) + i;
            queue.put(item);
            assertThat(queue.get()).isEqualTo(item);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void manyProducersAndConsumersLoseAndDuplicateNothing(Engine engine) throws InterruptedException {
        int producers = 2;
        int consumers = 2;
        int perProducer = 20_000;
        Queue<Integer> queue = Queue.create(100, 4096);
        Array.OfInt seen = Array.ofInt(producers * perProducer);
        try (Children children = new Children()) {
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                children.start(engine, () -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            queue.put(base + i);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            for (int c = 0; c < consumers; c++) {
                children.start(engine, () -> {
                    try {
                        while (true) {
                            int item = queue.get();
                            if (item < 0) {
                                return;
                            }
                            seen.addAndGet(item, 1);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            children.joinProducersThenStop(producers, () -> {
                for (int c = 0; c < consumers; c++) {
                    queue.put(-1);
                }
            }, Duration.ofSeconds(50));
        }
        int[] counts = seen.toArray();
        for (int i = 0; i < counts.length; i++) {
            assertThat(counts[i]).as("times item %d was received", i).isEqualTo(1);
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    // ---- items larger than the ring: carried out of line

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /** Python's queue takes any picklable size; so does ours, in order, also from a producer that has exited. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void itemsLargerThanTheRingArriveInOrderAndLeaveNoFileBehind(Engine engine) throws InterruptedException {
        Queue<Object> queue = Queue.create(0, 64 * 1024);
        try (Children children = new Children()) {
            children.start(engine, () -> {
                try {
                    queue.put("small-1");
                    queue.put(pattern(3 << 20, 1));      // 48 times the ring
                    queue.put(pattern(20_000, 2));       // fits, stays in the ring
                    queue.put(pattern(1 << 20, 3));
                    queue.put("y".repeat(1 << 20) + "z");    // encoded, then stored out of line
                    queue.put("small-2");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            children.joinAllSucceeded(Duration.ofSeconds(40)); // the producer has exited: its items remain
        }
        assertThat(queue.qsize()).isEqualTo(6);
        assertThat(queue.ring.outOfLineItems().count()).isEqualTo(3);
        assertThat(queue.get()).isEqualTo("small-1");
        assertThat((byte[]) queue.peek()).isEqualTo(pattern(3 << 20, 1));
        assertThat((byte[]) queue.get()).isEqualTo(pattern(3 << 20, 1));
        assertThat((byte[]) queue.get()).isEqualTo(pattern(20_000, 2));
        assertThat((byte[]) queue.get()).isEqualTo(pattern(1 << 20, 3));
        assertThat(queue.peek()).isEqualTo("y".repeat(1 << 20) + "z");
        assertThat(queue.get()).isEqualTo("y".repeat(1 << 20) + "z");
        assertThat(queue.get()).isEqualTo("small-2");
        assertThat(queue.ring.outOfLineItems().count()).isZero();
    }

    @Test
    void aLargeItemCountsAsOneItemAndATimedOutPutLeavesNothing() throws InterruptedException {
        JoinableQueue<Object> queue = JoinableQueue.create(1, 4096);
        queue.put(pattern(100_000, 4));
        assertThat(queue.isFull()).isTrue();
        assertThatThrownBy(() -> queue.put(pattern(100_000, 5), true, Duration.ofMillis(50)))
                .isInstanceOf(QueueFullException.class);
        assertThat(queue.ring.outOfLineItems().count()).as("the refused item's file is gone").isEqualTo(1);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        assertThat((byte[]) queue.get()).isEqualTo(pattern(100_000, 4));
        queue.taskDone();
        assertThat(queue.join(Duration.ofSeconds(5))).isTrue();
        SimpleQueue<Object> simple = SimpleQueue.create();
        simple.put(pattern(2 << 20, 6));
        assertThat((byte[]) simple.get()).isEqualTo(pattern(2 << 20, 6));
    }

    /** Taken items' files are reused in place for later items, shorter or longer, without mixing their bytes. */
    @Test
    void reusedFilesCarryEachItemExactly() throws Exception {
        Queue<Object> queue = Queue.create(0, 64 * 1024);
        int[] sizes = {300_000, 100_000, 500_000, 70_000, 400_000, 90_000};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < sizes.length; i++) {
                queue.put(pattern(sizes[i], round * 10 + i));
                if (i % 2 == 1) {
                    assertThat((byte[]) queue.get()).isEqualTo(pattern(sizes[i - 1], round * 10 + i - 1));
                    assertThat((byte[]) queue.peek()).isEqualTo(pattern(sizes[i], round * 10 + i));
                    assertThat((byte[]) queue.get()).isEqualTo(pattern(sizes[i], round * 10 + i));
                }
            }
        }
        assertThat(queue.ring.outOfLineItems().count()).isZero();
        try (var files = Files.list(queue.ring.outOfLineItems().directory())) {
            assertThat(files.toList()).as("spares kept for reuse").hasSizeBetween(1, 2);
        }
    }

    @Test
    void anItemOverTheFrameLimitIsRefusedAtThePut() throws InterruptedException {
        Queue<String> answer = Queue.create();
        Process child = Process.builder().jvmOptions("-Dmp4j.maxFrameBytes=100000").target(() -> {
            Queue<Object> queue = Queue.create();
            try {
                queue.put(new byte[200_000]);
                answer.add("accepted");
            } catch (IllegalArgumentException | InterruptedException e) {
                answer.add(e.getMessage() + (queue.isEmpty() ? " / empty" : " / not empty"));
            }
        }).build();
        child.start();
        assertThat(child.join(Duration.ofSeconds(40))).isTrue();
        assertThat(answer.get()).contains("over the 100000-byte limit").contains("-Dmp4j.maxFrameBytes").endsWith("/ empty");
    }

    @Test
    void aForgedReferenceIsRefusedAndALostFileIsNamed() throws Exception {
        Queue<Object> queue = Queue.create(0, 64 * 1024);
        queue.put(pattern(200_000, 7));
        Path stored;
        try (var files = Files.list(queue.ring.outOfLineItems().directory())) {
            stored = files.findFirst().orElseThrow();
        }
        Files.delete(stored);
        assertThatThrownBy(queue::get).isInstanceOf(SerializationException.class)
                .hasMessageContaining("lost an item stored out of line").hasMessageContaining(stored.getFileName().toString());
        queue.put(pattern(200_000, 8));
        RingTamper.forgeOldestPayloadByte(queue.ring.name(), 2, (byte) '/');
        assertThatThrownBy(queue::get).isInstanceOf(SerializationException.class).hasMessageContaining("not lower-case hex");
        queue.put("still works");
        assertThat(queue.get()).isEqualTo("still works");
    }

    @Test
    void theLargeItemsOfAnUnreachableQueueAreRemoved() throws InterruptedException {
        Queue<Object> queue = Queue.create(0, 64 * 1024);
        queue.put(pattern(200_000, 9));
        Path directory = queue.ring.outOfLineItems().directory();
        assertThat(directory).isDirectory();
        queue = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return !Files.exists(directory);
        });
        assertThat(Arrays.asList(directory.getParent().toFile().list())).noneMatch(n -> n.equals(directory.getFileName().toString()));
    }
}
