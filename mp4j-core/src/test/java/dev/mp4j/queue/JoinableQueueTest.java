package dev.mp4j.queue;

import dev.mp4j.shm.Value;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JoinableQueueTest {

    @Test
    void taskDoneTooManyTimesIsAnError() throws InterruptedException {
        JoinableQueue<String> queue = JoinableQueue.create();
        queue.put("a");
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        assertThat(queue.join(Duration.ofMillis(50))).isFalse();
        queue.get();
        queue.taskDone();
        assertThatThrownBy(queue::taskDone)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task_done() called too many times");
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    @Test
    void joinReturnsWhenAWorkerProcessHasMarkedEveryTaskDone() throws InterruptedException {
        JoinableQueue<Integer> queue = JoinableQueue.create();
        Value.OfLong sum = Value.ofLong(0);
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    while (true) {
                        int item = queue.get();
                        sum.addAndGet(item);
                        queue.taskDone();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 1; i <= 1000; i++) {
                queue.put(i);
            }
            queue.join();
            assertThat(sum.get()).isEqualTo(500_500);
            assertThat(queue.unfinishedTasks()).isZero();
        }
    }

    @Test
    void aSimpleQueuePassesItemsBetweenProcesses() throws InterruptedException {
        SimpleQueue<String> requests = SimpleQueue.create();
        SimpleQueue<String> replies = SimpleQueue.create();
        try (Children children = new Children()) {
            children.start(() -> {
                try {
                    replies.put(requests.get().toUpperCase());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(replies.isEmpty()).isTrue();
            requests.put("hello");
            assertThat(replies.get()).isEqualTo("HELLO");
            children.joinAllSucceeded(Duration.ofSeconds(30));
        }
        requests.close();
        assertThatThrownBy(() -> requests.put("x")).isInstanceOf(IllegalStateException.class);
    }
}
