package dev.mp4j.observe;

import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.queue.Queue;
import dev.mp4j.sync.Lock;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The wait events of locks and queues and the manager call event, with their thresholds set to 0. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaitRecordingTest {

    private static List<RecordedEvent> events(Path file, String name) throws Exception {
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void lockAndQueueWaitsAndManagerCallsAreRecordedWhileUncontendedOperationsAreNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("waits.jfr");
        try (Recording recording = new Recording()) {
            for (String event : List.of("LockWait", "QueueWait", "ManagerCall")) {
                recording.enable("dev.mp4j." + event).withThreshold(Duration.ZERO);
            }
            recording.setDestination(file);
            recording.start();
            Lock lock = Lock.create();
            try (Queue<String> queue = Queue.create()) {
                lock.acquire();
                lock.release(); // uncontended: no wait
                queue.put("ready");
                assertThat(queue.get()).isEqualTo("ready"); // an item was there: no wait
                lock.acquire();
                CountDownLatch tried = new CountDownLatch(1);
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        assertThat(lock.acquire(true, Duration.ofMillis(300))).isFalse();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    tried.countDown();
                });
                assertThat(tried.await(30, TimeUnit.SECONDS)).isTrue();
                other.join();
                lock.release();
                assertThat(queue.poll(200, TimeUnit.MILLISECONDS)).isNull();
            }
            try (Manager manager = Manager.start()) {
                SharedMap<String, Integer> dict = manager.dict();
                dict.put("a", 1);
                assertThat(dict.get("a")).isEqualTo(1);
            }
            recording.stop();
        }
        assertThat(events(file, "dev.mp4j.LockWait")).singleElement().satisfies(e -> {
            assertThat(e.getBoolean("acquired")).isFalse();
            assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(e.getString("lock")).startsWith("Lock ");
            assertThat(e.getLong("ownerPid")).isEqualTo(ProcessHandle.current().pid());
        });
        assertThat(events(file, "dev.mp4j.QueueWait")).singleElement().satisfies(e -> {
            assertThat(e.getString("operation")).isEqualTo("get");
            assertThat(e.getBoolean("done")).isFalse();
            assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        });
        assertThat(events(file, "dev.mp4j.ManagerCall")).extracting(e -> e.getString("method"))
                .anyMatch(method -> method.startsWith("put")).anyMatch(method -> method.startsWith("get"));
        assertThat(events(file, "dev.mp4j.ManagerCall")).allSatisfy(e -> assertThat(e.getString("outcome")).isEqualTo("ok"));
    }
}
