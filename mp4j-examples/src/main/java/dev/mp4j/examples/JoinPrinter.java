package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 001 (PyLadies), "Python Threads: Join a thread": with {@code thread.join()} commented out,
 * as in the seed, the main thread says "goodbye" before the thread says "Hello!" three times. The
 * JVM, like Python, still waits for the non-daemon thread before exiting. Pass {@code join} as the
 * argument to run the line uncommented: then "goodbye" comes last. Sleeps follow {@link SeedSleep}.
 */
public final class JoinPrinter {
    private JoinPrinter() {
    }

    static void printer() {
        for (int i = 0; i < 3; i++) {
            SeedSleep.seconds(1.0);
            System.out.println("Hello!");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Process thread = Process.builder().engine(Engine.THREADS).target(JoinPrinter::printer).build();
        thread.start();
        if (args.length > 0 && args[0].equals("join")) {
            thread.join();
        }
        System.out.println("goodbye");
    }
}
