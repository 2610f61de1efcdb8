package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Barrier;
import dev.mp4j.sync.Lock;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * Seed 003 (notebook), "Typical problems": deadlock, "two or more tasks wait cyclically for each
 * other" (also seed 000). The notebook has no code for it; here two threads take two locks in
 * opposite orders, and a barrier makes sure each holds its first lock before it asks for the
 * second, so the deadlock always happens. Neither waits forever: each asks for its second lock
 * with a timeout ({@code acquire(timeout)}, Python's {@code acquire(timeout=...)}). Thread-1's
 * timeout (1 s) is the shorter: it detects the deadlock, reports it and backs off by releasing
 * what it holds, which lets Thread-2 (5 s) take both locks and finish.
 */
public final class Deadlock {
    private Deadlock() {
    }

    static void transfer(String name, Lock first, String firstName, Lock second, String secondName, Duration patience,
                         Barrier bothHoldOne) {
        try {
            first.acquire();
            try {
                System.out.println(name + " holds " + firstName);
                bothHoldOne.await();
                if (second.acquire(patience)) {
                    second.release();
                    System.out.println(name + " got " + secondName + " too");
                } else {
                    System.out.println(name + ": deadlock detected, " + secondName + " not free within the timeout; releasing "
                            + firstName);
                }
            } finally {
                first.release();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Lock a = Lock.create();
        Lock b = Lock.create();
        Barrier bothHoldOne = Barrier.create(2);
        Process t1 = Process.builder().engine(Engine.THREADS).name("Thread-1")
                .target(() -> transfer("Thread-1", a, "lock A", b, "lock B", Duration.ofSeconds(1), bothHoldOne)).build();
        Process t2 = Process.builder().engine(Engine.THREADS).name("Thread-2")
                .target(() -> transfer("Thread-2", b, "lock B", a, "lock A", Duration.ofSeconds(5), bothHoldOne)).build();
        t1.start();
        t2.start();
        t1.join(Duration.ofMinutes(1));
        t2.join(Duration.ofMinutes(1));
        System.out.println("both threads ended: " + (!t1.isAlive() && !t2.isAlive()));
    }
}
