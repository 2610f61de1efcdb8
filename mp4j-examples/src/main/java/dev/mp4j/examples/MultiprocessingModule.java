package dev.mp4j.examples;

import dev.mp4j.Process;

/**
 * Seed 002 (course week 7), "multiprocessing": the threading example with {@code Process} in place
 * of {@code Thread}: two processes (child JVMs) each say hello with their own pid. The seed does
 * not join them; this port joins them so that the program's end does not depend on how it is
 * launched. Sleeps follow {@link SeedSleep}.
 */
public final class MultiprocessingModule {
    private MultiprocessingModule() {
    }

    static void func() {
        System.out.println("hello from process " + ProcessHandle.current().pid());
        SeedSleep.seconds(1);
    }

    public static void main(String[] args) throws InterruptedException {
        Process proc1 = Process.of(MultiprocessingModule::func);
        proc1.start();
        Process proc2 = Process.of(MultiprocessingModule::func);
        proc2.start();
        proc1.join();
        proc2.join();
    }
}
