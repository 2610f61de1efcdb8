package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 003 (notebook), "How does this affect me as a programmer?": the M:1 (CPython: one thread
 * runs Python at a time, the GIL), 1:1 ("e.g. Java") and M:N ("e.g. Go, Rust") models. The JVM
 * has two of them: {@link Engine#THREADS} runs each mp4j "process" on a platform thread, one kernel
 * thread each (1:1); {@link Engine#VIRTUAL_THREADS} runs them on virtual threads that the JVM
 * schedules onto a few carrier threads (M:N). This program starts 1,000 of each, every one
 * sleeping a second (a wait, like I/O), and reports how many kernel-level threads carried them.
 * Sleeps follow {@link SeedSleep}.
 */
public final class ThreadModels {
    static final int COUNT = 1000;

    private ThreadModels() {
    }

    /** The carrier of a virtual thread ("...@ForkJoinPool-1-worker-3"), or the platform thread itself. */
    static String carrier() {
        Thread current = Thread.currentThread();
        if (!current.isVirtual()) {
            return current.getName() + "#" + current.threadId();
        }
        String description = current.toString();
        return description.substring(description.indexOf('@') + 1);
    }

    static void run(Engine engine) throws InterruptedException {
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            Process p = Process.of(engine, () -> {
                carriers.add(carrier());
                SeedSleep.seconds(1);
            });
            p.start();
            processes.add(p);
        }
        for (Process p : processes) {
            p.join();
        }
        System.out.printf("%s: %d sleeping threads ran on %d kernel-level threads%n", engine, COUNT, carriers.size());
        System.out.printf("%s: took %.2f s%n", engine, (System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) throws InterruptedException {
        run(Engine.THREADS);
        run(Engine.VIRTUAL_THREADS);
    }
}
