package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003 (notebook), "Typical problems", In [23]: two threads are started and never joined. The
 * main thread says goodbye first; the program then lives on until the threads end (the JVM, like
 * Python, waits for non-daemon threads), and they still print. Building them with
 * {@code daemon(true)} (the notebook's {@code daemon=True}) would cut them off instead. Sleeps
 * follow {@link SeedSleep}.
 */
public final class UnjoinedThreads {
    private UnjoinedThreads() {
    }

    static void func() {
        SeedSleep.seconds(5);
        System.out.println("Im still alive!");
    }

    public static void main(String[] args) {
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process t = Process.of(Engine.THREADS, UnjoinedThreads::func); // add .daemon(true) to avoid the need to join() later
            t.start();
            threads.add(t);
        }
        System.out.println("Bye from the main thread!");
        // Here we forgot to join() the threads that we created
    }
}
