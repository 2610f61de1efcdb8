package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;

/**
 * Seed 002 (course week 7), "Locks": three threads wait in line for one Lock, each holding it for a
 * second. The JVM waits for the three non-daemon threads, as Python does. Sleeps follow
 * {@link SeedSleep}.
 */
public final class Locks {
    private static final Lock lock = Lock.create();

    private Locks() {
    }

    static void f() {
        lock.lock();
        System.out.println(Thread.currentThread().getName() + " got lock");
        SeedSleep.seconds(1);
        lock.unlock();
    }

    public static void main(String[] args) {
        for (int i = 1; i <= 3; i++) {
            Process.builder().engine(Engine.THREADS).name("Thread-" + i).target(Locks::f).build().start();
        }
    }
}
