package dev.mp4j.queue;

import dev.mp4j.Engine;
import dev.mp4j.SerializationException;
import dev.mp4j.shm.Array;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> queue.put(new byte[4096])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the queue's 1024-byte buffer");
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
}
