package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002 (course week 7), "the threading module": three threads each say hello five times, a
 * second apart. The seed does not join them (the program ends when the last non-daemon thread
 * does); this port keeps them in a list as the seed does, and joins them so that the program's end
 * does not depend on how it is launched. Sleeps follow {@link SeedSleep}.
 */
public final class ThreadingModule {
    private ThreadingModule() {
    }

    static void func() {
        for (int i = 0; i < 5; i++) {
            System.out.println("hello from thread " + Thread.currentThread().getName());
            SeedSleep.seconds(1);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process thread = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1))
                    .target(ThreadingModule::func).build();
            thread.start();
            threads.add(thread);
        }
        for (Process thread : threads) {
            thread.join();
        }
    }
}
