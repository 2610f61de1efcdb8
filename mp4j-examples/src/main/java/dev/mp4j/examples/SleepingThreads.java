package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003 (notebook), "What are Python threads good for?", In [6]: ten threads that each sleep
 * one second (a wait, like I/O) take about one second together, however many there are. Timed as
 * {@code %%time} does; the sleep follows {@link SeedSleep}.
 */
public final class SleepingThreads {
    static final int N_THREADS = 10;

    private SleepingThreads() {
    }

    static void func() {
        SeedSleep.seconds(1); // a wait: the thread blocks without using the CPU
    }

    public static void main(String[] args) throws InterruptedException {
        long cpu = FactorialSerial.processCpuNanos();
        long wall = System.nanoTime();
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < N_THREADS; i++) {
            Process t = Process.of(Engine.THREADS, SleepingThreads::func);
            t.start();
            threads.add(t); // we need to keep a reference to each of them
        }
        for (Process t : threads) {
            t.join(); // like future.result(): block until this thread has finished
        }
        FactorialSerial.printTimes(cpu, wall);
    }
}
