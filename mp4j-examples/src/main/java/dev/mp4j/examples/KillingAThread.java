package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Event;

import java.time.Duration;

/**
 * Seed 001 (PyLadies), "Python Threads: Killing a thread": "no official API for doing that, because
 * it is not generally safe and you should not need it, but can be achieved in a number of different
 * ways". The slide has no code; this program shows the ways mp4j offers. {@code kill()} on a thread
 * is refused (the JVM removed {@code Thread.stop}); a thread ends when asked, by a stop flag it
 * checks (an {@link Event}) or by {@code terminate()}, which interrupts its blocking call; a
 * process (child JVM) can be killed outright, and its exit code is {@code -9}, as Python's.
 */
public final class KillingAThread {
    private KillingAThread() {
    }

    static void worker(Event stop) {
        try {
            while (!stop.await(Duration.ofMillis(10))) {
                // working
            }
            System.out.println("worker: saw the stop flag, cleaning up and ending");
        } catch (InterruptedException e) {
            System.out.println("worker: interrupted, cleaning up and ending");
        }
    }

    static void forever() {
        try {
            Thread.sleep(Duration.ofDays(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Event never = Event.create();
        Process thread = Process.builder().engine(Engine.THREADS).name("worker").target(() -> worker(never)).build();
        thread.start();
        try {
            thread.kill();
        } catch (UnsupportedOperationException e) {
            System.out.println("kill() on a thread: " + e.getMessage());
        }
        thread.terminate(); // interrupts the thread's wait
        thread.join();
        System.out.println("terminate() on a thread: exit code " + thread.exitCode().orElseThrow());

        Event stop = Event.create();
        Process flagged = Process.builder().engine(Engine.THREADS).name("worker").target(() -> worker(stop)).build();
        flagged.start();
        stop.set();
        flagged.join();
        System.out.println("stop flag: exit code " + flagged.exitCode().orElseThrow());

        Process child = Process.of(KillingAThread::forever);
        child.start();
        child.kill();
        child.join();
        System.out.println("kill() on a process: exit code " + child.exitCode().orElseThrow());
    }
}
