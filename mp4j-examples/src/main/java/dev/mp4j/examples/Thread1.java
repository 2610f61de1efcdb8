package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000, thread1.py: several threads in one process, each printing its name; on the THREADS
 * engine every "process" shares this JVM's pid.
 */
public final class Thread1 {
    private Thread1() {
    }

    static void worker(int number) {
        System.out.println("Worker " + number + " running in thread " + Thread.currentThread().getName()
                + " of process " + ProcessHandle.current().pid());
    }

    public static void main(String[] args) throws InterruptedException {
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int number = i;
            Process t = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1)).target(() -> worker(number)).build();
            threads.add(t);
            t.start();
        }
        for (Process t : threads) {
            t.join();
        }
        System.out.println("main process " + ProcessHandle.current().pid() + ": all threads done");
    }
}
