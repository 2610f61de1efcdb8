package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;
import dev.mp4j.sync.Semaphore;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002 (course week 7), "Locking Exercise" ({@code examples/lock/stdout_writer.py}, whose code
 * is not in the seed): several threads write a sentence to stdout word by word, and their output
 * gets jumbled. The exercise: 1. give each thread exclusive access to stdout with a Lock; 2. let
 * two threads in at once with a Semaphore. This program runs the three versions one after the
 * other: no guard, a {@link Lock}, a {@link Semaphore} of 2. After each version it prints how many
 * writers were writing at the same time at most. Pass {@code none}, {@code lock} or {@code semaphore} to run one version only. Pauses
 * between words follow {@link SeedSleep}.
 */
public final class StdoutWriter {
    static final String SENTENCE = "the quick brown fox jumps over the lazy dog";
    static final int WRITERS = 5;

    private StdoutWriter() {
    }

    /** What guards stdout: Python's {@code acquire()} and {@code release()}. */
    interface Guard {
        void acquire() throws InterruptedException;

        void release();
    }

    static void write(String name, Guard stdoutGuard, AtomicInteger writing, AtomicInteger mostWriting) {
        PrintStream out = System.out;
        try {
            stdoutGuard.acquire();
            try {
                mostWriting.accumulateAndGet(writing.incrementAndGet(), Math::max);
                out.print(name + ":");
                for (String word : SENTENCE.split(" ")) {
                    out.print(" " + word);
                    out.flush();
                    SeedSleep.seconds(0.05);
                }
                out.println();
                writing.decrementAndGet();
            } finally {
                stdoutGuard.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void run(String title, Guard stdoutGuard) throws InterruptedException {
        System.out.println("== " + title);
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger mostWriting = new AtomicInteger();
        List<Process> threads = new ArrayList<>();
        for (int i = 1; i <= WRITERS; i++) {
            String name = "Thread-" + i;
            Process t = Process.builder().engine(Engine.THREADS).name(name)
                    .target(() -> write(name, stdoutGuard, writing, mostWriting)).build();
            t.start();
            threads.add(t);
        }
        for (Process t : threads) {
            t.join();
        }
        System.out.println("== at most " + mostWriting.get() + " writers at once");
    }

    public static void main(String[] args) throws InterruptedException {
        String only = args.length > 0 ? args[0] : "all";
        if (only.equals("all") || only.equals("none")) {
            run("no lock", new Guard() {
                @Override
                public void acquire() {
                }

                @Override
                public void release() {
                }
            });
        }
        if (only.equals("all") || only.equals("lock")) {
            Lock lock = Lock.create();
            run("Lock", new Guard() {
                @Override
                public void acquire() throws InterruptedException {
                    lock.acquire();
                }

                @Override
                public void release() {
                    lock.release();
                }
            });
        }
        if (only.equals("all") || only.equals("semaphore")) {
            Semaphore semaphore = Semaphore.create(2);
            run("Semaphore(2)", new Guard() {
                @Override
                public void acquire() throws InterruptedException {
                    semaphore.acquire();
                }

                @Override
                public void release() {
                    semaphore.release();
                }
            });
        }
    }
}
