package dev.mp4j.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalQueueTest {

    record Job(int priority, String name) implements Comparable<Job> {
        @Override
        public int compareTo(Job other) {
            return Integer.compare(priority, other.priority);
        }
    }

    @Test
    void aLifoQueueReturnsTheNewestItemFirst() throws InterruptedException {
        LifoQueue<Integer> queue = LifoQueue.create();
        for (int i = 0; i < 5; i++) {
            queue.put(i);
        }
        assertThat(queue).containsExactly(4, 3, 2, 1, 0);
        assertThat(queue.get()).isEqualTo(4);
        assertThat(queue.getNowait()).isEqualTo(3);
    }

    @Test
    void aPriorityQueueReturnsTheLowestItemFirst() throws InterruptedException {
        PriorityQueue<Job> queue = PriorityQueue.create();
        queue.put(new Job(3, "low"));
        queue.put(new Job(1, "urgent"));
        queue.put(new Job(2, "normal"));
        assertThat(queue.get().name()).isEqualTo("urgent");
        assertThat(queue.get().name()).isEqualTo("normal");
        PriorityQueue<String> reversed = PriorityQueue.create(0, Comparator.reverseOrder());
        reversed.addAll(List.of("a", "c", "b"));
        assertThat(reversed.poll()).isEqualTo("c");
    }

    @Test
    void fullAndEmptyRaiseAfterTheTimeoutAndTaskDoneIsCounted() throws InterruptedException {
        LifoQueue<String> queue = LifoQueue.create(1);
        queue.put("a");
        assertThat(queue.isFull()).isTrue();
        assertThatThrownBy(() -> queue.put("b", true, Duration.ofMillis(50))).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> queue.putNowait("b")).isInstanceOf(QueueFullException.class);
        assertThat(queue.get()).isEqualTo("a");
        assertThatThrownBy(() -> queue.get(true, Duration.ofMillis(50))).isInstanceOf(QueueEmptyException.class);
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
        queue.taskDone();
        queue.join();
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessage("task_done() called too many times");
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void joinWaitsForWorkerThreads() throws InterruptedException {
        PriorityQueue<Integer> queue = PriorityQueue.create();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                while (true) {
                    queue.get();
                    queue.taskDone();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            queue.put(i);
        }
        queue.join();
        assertThat(queue.isEmpty()).isTrue();
        worker.interrupt();
        worker.join(Duration.ofSeconds(10));
    }
}
