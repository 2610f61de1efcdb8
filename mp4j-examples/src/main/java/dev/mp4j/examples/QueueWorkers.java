package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

/**
 * Seed 004 (blog), "detailed example walkthrough": two worker processes take numbers from one
 * Queue until a sentinel and put results on a second Queue. Python's sentinel is {@code None};
 * queues refuse null (as every Java {@code BlockingQueue} does), so the sentinel is
 * {@link Sentinel#NONE}.
 */
public final class QueueWorkers {
    /** The "no more work" marker, Python's {@code None} in the seed. */
    public enum Sentinel { NONE }

    private QueueWorkers() {
    }

    static void worker(Queue<Object> q1, Queue<Object> q2) throws InterruptedException {
        while (true) {
            Object item = q1.get();
            if (item == Sentinel.NONE) {
                break;
            }
            System.out.println("Processing " + item);
            q2.put((Integer) item + 10);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Queue<Object> q1 = Queue.create();
        Queue<Object> q2 = Queue.create();
        Process p1 = Process.of(() -> runWorker(q1, q2));
        Process p2 = Process.of(() -> runWorker(q1, q2));
        p1.start();
        p2.start();
        for (int i = 0; i < 10; i++) {
            q1.put(i);
        }
        q1.put(Sentinel.NONE);
        q1.put(Sentinel.NONE);
        p1.join();
        p2.join();
        while (!q2.isEmpty()) {
            System.out.println(q2.get());
        }
    }

    private static void runWorker(Queue<Object> q1, Queue<Object> q2) {
        try {
            worker(q1, q2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
