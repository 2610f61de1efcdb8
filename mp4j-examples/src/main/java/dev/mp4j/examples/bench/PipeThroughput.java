package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;

/**
 * One-way pipe throughput: a child process sends N small ints, this process receives them; timed
 * from the first message received to the last. Twin of bench/python/pipe_throughput.py.
 * Argument: N (default 2,000,000).
 */
public final class PipeThroughput {
    private PipeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchResult.count(args, 2_000_000);
        Pipe pipe = Pipe.create(false);
        Connection writer = pipe.second();
        Process producer = Process.of(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    writer.send(i);
                }
                writer.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        producer.start();
        writer.close();
        Connection reader = pipe.first();
        reader.recv();
        long start = System.nanoTime();
        for (int i = 1; i < n; i++) {
            reader.recv();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.join();
        new BenchResult("pipe_throughput", (n - 1) / seconds, "msgs/s").print();
    }
}
