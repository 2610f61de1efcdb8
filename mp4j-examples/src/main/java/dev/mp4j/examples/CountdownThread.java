package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.function.SerializableRunnable;

/**
 * Seed 001 (PyLadies), "Python Threads: Definition", the class statement: {@code CountdownThread}
 * subclasses {@code threading.Thread} and overrides {@code run}. {@link Process} is final, so the
 * Java form of "override run" is a class whose {@code run} is the body, given to a THREADS process;
 * its {@code count} field is the subclass's attribute. Sleeps follow {@link SeedSleep}.
 */
public final class CountdownThread implements SerializableRunnable {
    private int count;

    public CountdownThread(int count) {
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

    public static void main(String[] args) throws InterruptedException {
        Process t1 = Process.of(Engine.THREADS, new CountdownThread(10)); // Create the thread object
        t1.start();                                                       // Launch the thread

        Process t2 = Process.of(Engine.THREADS, new CountdownThread(20)); // Create another thread
        t2.start();                                                       // Launch
        t1.join();
        t2.join();
    }
}
