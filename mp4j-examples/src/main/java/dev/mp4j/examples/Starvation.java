package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Lock;
import dev.mp4j.sync.Semaphore;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003 (notebook), "Typical problems": "starvation if e.g. one thread can almost never enter a
 * mutex portion of the code" (also seed 000, "a task is constantly denied necessary resource"). The
 * seeds have no code for it; here a writer starves behind readers. The classic readers-preference
 * lock lets readers share the resource: the first reader in takes the resource lock, the last one
 * out releases it. Two readers take turns so that one of them is always inside, so the count of
 * readers never drops to zero and the writer, asking for the resource with a 1 s timeout, never
 * gets it. Once the writer has given up and told the readers to stop, it gets in.
 */
public final class Starvation {
    private static final Lock mutex = Lock.create();
    private static final Lock resource = Lock.create();
    private static final AtomicInteger readersInside = new AtomicInteger();
    private static final AtomicInteger reads = new AtomicInteger();
    private static final Semaphore[] turn = {Semaphore.create(0), Semaphore.create(0)};
    private static final Event bothReading = Event.create();
    private static final Event stop = Event.create();

    private Starvation() {
    }

    static void readLock() throws InterruptedException {
        mutex.acquire();
        if (readersInside.incrementAndGet() == 1) {
            resource.acquire(); // the first reader in locks the writer out
        }
        mutex.release();
    }

    static void readUnlock() throws InterruptedException {
        mutex.acquire();
        if (readersInside.decrementAndGet() == 0) {
            resource.release(); // the last reader out lets the writer in
        }
        mutex.release();
    }

    static void reader(int me) {
        int other = 1 - me;
        try {
            if (me == 1) {
                turn[1].acquire(); // start once reader 0 is inside
            }
            readLock();
            reads.incrementAndGet();
            if (me == 1) {
                bothReading.set();
            }
            while (true) {
                turn[other].release(); // the other may leave and come back: I am inside
                turn[me].acquire();    // my turn: the other is inside
                if (stop.isSet()) {
                    break;
                }
                readUnlock();
                readLock();
                reads.incrementAndGet();
                SeedSleep.seconds(0.01); // reading
            }
            turn[other].release();
            readUnlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void writer() {
        try {
            bothReading.await();
            if (resource.acquire(Duration.ofSeconds(1))) {
                System.out.println("writer: got the lock while readers were reading");
                resource.release();
            } else {
                System.out.println("writer: starved, no turn within 1 s while the readers did " + reads.get() + " reads");
            }
            stop.set();
            resource.acquire();
            System.out.println("writer: got the lock once the readers stopped");
            resource.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Process r0 = Process.builder().engine(Engine.THREADS).name("reader-1").target(() -> reader(0)).build();
        Process r1 = Process.builder().engine(Engine.THREADS).name("reader-2").target(() -> reader(1)).build();
        Process w = Process.builder().engine(Engine.THREADS).name("writer").target(Starvation::writer).build();
        w.start();
        r0.start();
        r1.start();
        r0.join();
        r1.join();
        w.join();
        System.out.println("readers inside at the end: " + readersInside.get());
    }
}
