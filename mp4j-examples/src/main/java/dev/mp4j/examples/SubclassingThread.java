package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.function.SerializableRunnable;

/**
 * Seed 002 (course week 7), "Subclassing Thread": {@code MyThread} implements {@code run}. As
 * {@link Process} is final, the subclass is the class of the {@code run} body, started on the
 * THREADS engine; the thread's default name follows Python's {@code Thread-1}.
 */
public final class SubclassingThread {
    private SubclassingThread() {
    }

    /** The seed's {@code MyThread(threading.Thread)}. */
    static final class MyThread implements SerializableRunnable {
        @Override
        public void run() {
            System.out.println("hello from " + Thread.currentThread().getName());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Process thread = Process.builder().engine(Engine.THREADS).name("Thread-1").target(new MyThread()).build();
        thread.start();
        thread.join();
    }
}
