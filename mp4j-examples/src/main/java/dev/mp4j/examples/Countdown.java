package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 001 (PyLadies), "Python Threads: Definition", the second way: a function given as
 * {@code target}, which becomes the thread's run method. Sleeps follow {@link SeedSleep}.
 */
public final class Countdown {
    private Countdown() {
    }

    static void countdown(int count) {
        while (count > 0) {
            System.out.println("Counting down " + count);
            count -= 1;
            SeedSleep.seconds(5);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Process t1 = Process.builder().engine(Engine.THREADS).target(() -> countdown(10)).build();
        t1.start();
        t1.join();
    }
}
