package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.queue.JoinableQueue;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001 (PyLadies), "Python Processes: queues in the multiprocessing module": of the three
 * queue types only {@code JoinableQueue} has {@code task_done()} and {@code join()}. The slide has
 * no code; this program is the thread worker pool of "Python Queues" ({@link HklQueueWorkers}) with
 * processes: three daemon worker processes (child JVMs) take items from a {@link JoinableQueue},
 * put a result on a second queue and call {@code task_done()}; the main process {@code join()}s the
 * queue, reads the results, and ends, which ends the daemons.
 */
public final class JoinableQueueWorkers {
    private JoinableQueueWorkers() {
    }

    static void worker(JoinableQueue<Integer> tasks, Queue<String> results) {
        try {
            while (true) {
                int item = tasks.get();
                results.put(item + " squared is " + item * item + " (worker pid " + ProcessHandle.current().pid() + ")");
                tasks.taskDone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        JoinableQueue<Integer> tasks = JoinableQueue.create();
        Queue<String> results = Queue.create();
        for (int i = 0; i < 3; i++) {
            Process.builder().daemon(true).target(() -> worker(tasks, results)).build().start();
        }
        for (int item = 1; item <= 10; item++) {
            tasks.put(item);
        }
        tasks.join(); // returns once task_done() was called for every item
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(results.get());
        }
        lines.forEach(System.out::println);
        System.out.println("all " + lines.size() + " tasks done, " + tasks.unfinishedTasks() + " unfinished");
    }
}
