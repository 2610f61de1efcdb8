package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.sync.BoundedSemaphore;
import dev.mp4j.sync.Condition;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Semaphore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 001 (PyLadies), "Python Threads: Other synchronization objects": the slide describes, without
 * code, what Semaphore, BoundedSemaphore, Event and Condition are for; this program shows each use
 * it names, on threads, with deterministic output.
 * <ul>
 * <li>Semaphore: six threads "open a network connection" guarded by {@code Semaphore(2)}: never more
 *     than two at the same time.</li>
 * <li>BoundedSemaphore: a release beyond the initial value is an error.</li>
 * <li>Event: three threads {@code wait()} until the main thread {@code set()}s the flag.</li>
 * <li>Condition: three threads wait until "a list with items to process is ready"; the producer fills
 *     it and notifies them all at once ({@code notify_all}, {@link Condition#signalAll()} here).</li>
 * </ul>
 * Sleeps follow {@link SeedSleep}.
 */
public final class OtherSynchronizationObjects {
    private OtherSynchronizationObjects() {
    }

    private static List<Process> startThreads(int count, String prefix, java.util.function.IntConsumer body) {
        List<Process> threads = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int n = i;
            Process t = Process.builder().engine(Engine.THREADS).name(prefix + n).target(() -> body.accept(n)).build();
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void joinAll(List<Process> threads) throws InterruptedException {
        for (Process t : threads) {
            t.join();
        }
    }

    static void semaphore() throws InterruptedException {
        Semaphore connections = Semaphore.create(2);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        joinAll(startThreads(6, "client-", n -> {
            try {
                connections.acquire();
                try {
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    SeedSleep.seconds(0.5); // using the connection
                    open.decrementAndGet();
                } finally {
                    connections.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("Semaphore(2): 6 clients, at most " + mostOpen.get() + " connections open at the same time");
    }

    static void boundedSemaphore() throws InterruptedException {
        BoundedSemaphore slots = BoundedSemaphore.create(2);
        slots.acquire();
        slots.release();
        try {
            slots.release();
            System.out.println("BoundedSemaphore(2): released beyond its value without error");
        } catch (IllegalStateException e) {
            System.out.println("BoundedSemaphore(2): one release too many: " + e.getMessage());
        }
    }

    static void event() throws InterruptedException {
        Event ready = Event.create();
        ConcurrentLinkedQueue<String> woken = new ConcurrentLinkedQueue<>();
        List<Process> waiters = startThreads(3, "waiter-", n -> {
            try {
                ready.await();
                woken.add("waiter-" + n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SeedSleep.seconds(0.5);
        System.out.println("Event: before set(), " + woken.size() + " of 3 waiters went on");
        ready.set();
        joinAll(waiters);
        System.out.println("Event: after set(), " + woken.size() + " of 3 waiters went on");
    }

    static void condition() throws InterruptedException {
        Condition itemsReady = Condition.create();
        List<Integer> items = new ArrayList<>();
        AtomicInteger waiting = new AtomicInteger();
        ConcurrentLinkedQueue<String> processed = new ConcurrentLinkedQueue<>();
        List<Process> workers = startThreads(3, "worker-", n -> {
            try {
                itemsReady.acquire();
                try {
                    waiting.incrementAndGet();
                    itemsReady.awaitFor(() -> !items.isEmpty(), null);
                    processed.add("worker-" + n + " sees " + items.size() + " items");
                } finally {
                    itemsReady.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (waiting.get() < 3) {
            SeedSleep.seconds(0.05);
        }
        itemsReady.acquire();
        try {
            for (int i = 1; i <= 5; i++) {
                items.add(i);
            }
            itemsReady.signalAll(); // the list with items to process is ready
        } finally {
            itemsReady.release();
        }
        joinAll(workers);
        processed.stream().sorted().forEach(line -> System.out.println("Condition: " + line));
    }

    public static void main(String[] args) throws InterruptedException {
        semaphore();
        boundedSemaphore();
        event();
        condition();
    }
}
