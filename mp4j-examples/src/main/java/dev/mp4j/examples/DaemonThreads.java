package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.time.Duration;

/**
 * Seed 001 (PyLadies), "Python Threads: Daemon Threads": a daemon thread that sleeps 5 s and a
 * non-daemon thread, both logging with the seed's format {@code %(threadName)-9s %(message)s};
 * {@code d.join(7.0)} outlasts the daemon's sleep, so {@code d.isAlive()} is false. Sleeps and the
 * join timeout follow {@link SeedSleep}.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    static void debug(String message) {
        System.out.println(String.format("%-9s %s", Thread.currentThread().getName(), message));
    }

    static void n() {
        debug("Starting");
        debug("Exiting");
    }

    static void d() {
        debug("Starting");
        SeedSleep.seconds(5);
        debug("Exiting");
    }

    public static void main(String[] args) throws InterruptedException {
        Process t = Process.builder().name("non-daemon").engine(Engine.THREADS).target(DaemonThreads::n).build();
        Process d = Process.builder().name("daemon").engine(Engine.THREADS).target(DaemonThreads::d)
                .daemon(true) // explicit declaration as daemon
                .build();
        d.start();
        t.start();

        Duration timeout = SeedSleep.scaled(7.0);
        d.join(timeout);
        System.out.println("d.isAlive() " + (d.isAlive() ? "True" : "False"));
        t.join();
    }
}
