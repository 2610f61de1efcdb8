package dev.mp4j.examples;

import dev.mp4j.queue.LifoQueue;
import dev.mp4j.queue.PriorityQueue;
import dev.mp4j.queue.Queue;

/**
 * Seed 002 (course week 7), "Other Queue types": the slide names {@code LifoQueue} (last in, first
 * out) and {@code PriorityQueue} (lowest first, with {@code (priority_number, data)} entries)
 * without code; this program puts the same items into a FIFO Queue, a LifoQueue and a
 * PriorityQueue and prints the order each gives them back. Python's tuple is a record ordered by
 * its priority number.
 */
public final class OtherQueueTypes {
    /** Python's {@code (priority_number, data)} tuple, compared by priority first as tuples are. */
    public record Entry(int priority, String data) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byPriority = Integer.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : data.compareTo(other.data);
        }

        @Override
        public String toString() {
            return "(" + priority + ", '" + data + "')";
        }
    }

    private OtherQueueTypes() {
    }

    public static void main(String[] args) throws InterruptedException {
        String[] items = {"first", "second", "third"};
        Queue<String> fifo = Queue.create();
        LifoQueue<String> lifo = LifoQueue.create();
        for (String item : items) {
            fifo.put(item);
            lifo.put(item);
        }
        StringBuilder line = new StringBuilder("Queue:");
        while (!fifo.isEmpty()) {
            line.append(' ').append(fifo.get());
        }
        System.out.println(line);
        line = new StringBuilder("LifoQueue:");
        while (!lifo.isEmpty()) {
            line.append(' ').append(lifo.get());
        }
        System.out.println(line);

        PriorityQueue<Entry> priority = PriorityQueue.create();
        priority.put(new Entry(3, "low priority"));
        priority.put(new Entry(1, "urgent"));
        priority.put(new Entry(2, "normal"));
        System.out.print("PriorityQueue:");
        while (!priority.isEmpty()) {
            System.out.print(" " + priority.get());
        }
        System.out.println();
    }
}
