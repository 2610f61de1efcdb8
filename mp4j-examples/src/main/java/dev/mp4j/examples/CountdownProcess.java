package dev.mp4j.examples;

import dev.mp4j.Process;

/**
 * Seed 001 (PyLadies), "Python Processes: Definition and launching": the countdown as a
 * {@code multiprocessing.Process} subclass overriding {@code run} (the object, with its
 * {@code count} attribute, is serialized into the child JVM, as Python pickles it for spawn) and as
 * a {@code target} function. The seed defines the subclass but starts only {@code countdown(10)};
 * this port also starts the subclass once, with a count of 3, before it. Sleeps follow
 * {@link SeedSleep}, which child JVMs inherit.
 */
public final class CountdownProcess extends Process {
    private int count;

    public CountdownProcess(int count) {
        this.count = count;
    }

    @Override
    public void run() {
        while (count > 0) {
            System.out.println("Counting down " + count);
            count -= 1;
            SeedSleep.seconds(5);
        }
    }

    static void countdown(int count) {
        while (count > 0) {
            System.out.println("Counting down " + count);
            count -= 1;
            SeedSleep.seconds(5);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Process subclassed = new CountdownProcess(3);
        subclassed.start();
        subclassed.join();

        Process p1 = Process.of(() -> countdown(10));
        p1.start();
        p1.join();
    }
}
