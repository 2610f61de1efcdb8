package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

import java.util.List;

/** Seed 000, communication4.py: one process puts squares on a Queue, another prints them. */
public final class Communication4 {
    private Communication4() {
    }

    static void squareList(List<Integer> mylist, Queue<Integer> q) throws InterruptedException {
        for (int num : mylist) {
            q.put(num * num);
        }
    }

    static void printQueue(Queue<Integer> q) throws InterruptedException {
        System.out.println("Queue elements:");
        while (!q.isEmpty()) {
            System.out.println(q.get());
        }
        System.out.println("Queue is now empty!");
    }

    public static void main(String[] args) throws InterruptedException {
        List<Integer> mylist = List.of(1, 2, 3, 4);
        Queue<Integer> q = Queue.create();
        Process p1 = Process.of(() -> {
            try {
                squareList(mylist, q);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Process p2 = Process.of(() -> {
            try {
                printQueue(q);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        p1.start();
        p1.join();
        p2.start();
        p2.join();
    }
}
