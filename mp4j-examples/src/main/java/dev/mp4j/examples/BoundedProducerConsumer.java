package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.queue.Queue;
import dev.mp4j.queue.QueueFullException;
import dev.mp4j.sync.Event;


/**
 * Seed 003 (notebook), bounded producer/consumer: a producer thread and a consumer thread share a
 * Queue of 2 items; an Event tells both to stop after 10 seconds. The consumer of the seed can block
 * forever in {@code get} once the producer has stopped; the notebook's remedy, a poison pill, is
 * put after the producer has ended, so the consumer always ends. Speeds follow {@link SeedSleep}.
 */
public final class BoundedProducerConsumer {
    static final int QUEUE_SIZE = 2;
    static final double CONSUMER_SPEED = 2;
    static final double PRODUCER_SPEED = 1;
    static final String POISON_PILL = "POISON PILL";

    private BoundedProducerConsumer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Queue<String> q = Queue.create(QUEUE_SIZE);
        Event shutdown = Event.create();
        Process pThread = Process.of(Engine.THREADS, () -> producer(q, shutdown));
        Process cThread = Process.of(Engine.THREADS, () -> consumer(q, shutdown));
        pThread.start();
        cThread.start();
        SeedSleep.seconds(10);
        shutdown.set();
        pThread.join();
        try {
            q.put(POISON_PILL, true, SeedSleep.scaled(1));
        } catch (QueueFullException full) {
            // the consumer is not blocked in get: it will see the shutdown flag
        }
        cThread.join();
    }

    static void consumer(Queue<String> q, Event shutdown) {
        try {
            while (!shutdown.isSet()) {
                String msg = q.get(true, null);
                if (msg.equals(POISON_PILL)) {
                    break;
                }
                System.out.println("consumer got: " + msg);
                SeedSleep.seconds(CONSUMER_SPEED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("Bye bye from consumer!");
    }

    static void producer(Queue<String> q, Event shutdown) {
        try {
            while (!shutdown.isSet()) {
                SeedSleep.seconds(PRODUCER_SPEED);
                try {
                    q.put("A message", true, SeedSleep.scaled(1));
                } catch (QueueFullException full) {
                    System.out.println("producer: Queue is full");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("Bye bye from producer!");
    }
}
