package dev.mp4j.examples;

import dev.mp4j.queue.Queue;

import java.time.Duration;

/**
 * Seed 002 (course week 7), "Managing thread results": a Queue with {@code maxsize=10}; a
 * {@code get(block, timeout)} returns the item put before.
 */
public final class ManagingThreadResults {
    private ManagingThreadResults() {
    }

    public static void main(String[] args) throws InterruptedException {
        Queue<Integer> q = Queue.create(10);
        q.put(37337);
        boolean block = true;
        Duration timeout = Duration.ofSeconds(2);
        System.out.println(q.get(block, timeout));
    }
}
