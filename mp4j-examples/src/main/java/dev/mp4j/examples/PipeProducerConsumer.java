package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.IntStream;

/**
 * Seed 001 (PyLadies), "multiprocessing pipes": a consumer process reads items until EOF; the main
 * process produces 1000 items and closes its end. Each side first closes the end it does not use,
 * which is what makes the EOF arrive.
 */
public final class PipeProducerConsumer {
    private PipeProducerConsumer() {
    }

    static void consumer(Connection p1, Connection p2) throws IOException {
        p1.close();
        while (true) {
            Object item;
            try {
                item = p2.recv();
            } catch (EOFException e) {
                break;
            }
            System.out.println("Consuming  " + item);
        }
    }

    static void producer(Iterable<Integer> sequence, Connection outputP) throws IOException {
        for (int item : sequence) {
            System.out.println("Sending  " + item);
            outputP.send(item);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Pipe pipe = Pipe.create();
        Connection p1 = pipe.first();
        Connection p2 = pipe.second();
        Process cons = Process.of(() -> {
            try {
                consumer(p1, p2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        cons.start();
        p2.close();
        producer(IntStream.range(0, 1000).boxed().toList(), p1);
        p1.close();
        cons.join();
    }
}
