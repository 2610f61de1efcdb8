package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

/**
 * Large-item queue throughput, one producer process to one consumer process: the child puts N
 * byte arrays of 4 MiB (four times the queue's 1 MiB ring, so each travels out of line) into a
 * queue of maxsize 4, this process gets them; timed in MiB/s from item {@value #WARM_ITEMS} (the
 * earlier ones run the JVMs' JIT warm-up, a cost CPython does not have) to the last, on both
 * sides. Twin of bench/python/queue_large_items.py. Argument: N (default 300).
 */
public final class QueueLargeItems {
    static final int ITEM_BYTES = 4 << 20;
    static final int WARM_ITEMS = 20;

    private QueueLargeItems() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchResult.count(args, 300);
        Queue<byte[]> queue = Queue.create(4);
        Process producer = Process.of(() -> {
            byte[] item = new byte[ITEM_BYTES];
            try {
                for (int i = 0; i < n; i++) {
                    item[0] = (byte) i;
                    queue.put(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        for (int i = 0; i < WARM_ITEMS; i++) {
            queue.get();
        }
        long start = System.nanoTime();
        for (int i = WARM_ITEMS; i < n; i++) {
            byte[] item = queue.get();
            if (item.length != ITEM_BYTES || item[0] != (byte) i) {
                throw new IllegalStateException("item " + i + " arrived wrong: " + item.length + " bytes, first " + item[0]);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.join();
        new BenchResult("queue_large_items", (n - WARM_ITEMS) * (double) ITEM_BYTES / (1 << 20) / seconds, "MiB/s").print();
    }
}
