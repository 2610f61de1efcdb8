package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;

import java.io.EOFException;
import java.util.Arrays;

/**
 * Round-trip latency over a duplex pipe: this process sends a small int, a child process echoes
 * it. Median of N round trips after N/10 warm-up ones. Twin of bench/python/pipe_round_trip.py.
 * Argument: N (default 50,000).
 */
public final class PipeRoundTrip {
    private PipeRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchResult.count(args, 50_000);
        Pipe pipe = Pipe.create();
        Connection child = pipe.second();
        Process echo = Process.of(() -> {
            try {
                while (true) {
                    child.send(child.recv());
                }
            } catch (EOFException done) {
                child.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        echo.start();
        child.close();
        Connection parent = pipe.first();
        for (int i = 0; i < n / 10; i++) {
            parent.send(i);
            parent.recv();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            parent.send(i);
            parent.recv();
            nanos[i] = System.nanoTime() - start;
        }
        parent.close();
        echo.join();
        Arrays.sort(nanos);
        new BenchResult("pipe_round_trip", nanos[n / 2] / 1e3, "us").print();
    }
}
