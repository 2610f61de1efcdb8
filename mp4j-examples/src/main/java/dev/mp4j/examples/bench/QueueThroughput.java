package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

/**
 * Queue throughput, one producer process to one consumer process: the child puts N small ints,
 * this process gets them; timed from the first item received to the last. Twin of
 * bench/python/queue_throughput.py. Argument: N (default 2,000,000).
 */
public final class QueueThroughput {
    private QueueThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchResult.count(args, 2_000_000);
        Queue<Integer> queue = Queue.create();
        Process producer = Process.of(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    queue.put(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        queue.get();
        long start = System.nanoTime();
        for (int i = 1; i < n; i++) {
            queue.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.join();
        new BenchResult("queue_throughput", (n - 1) / seconds, "msgs/s").print();
    }
}
