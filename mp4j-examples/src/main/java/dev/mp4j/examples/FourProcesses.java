package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.queue.Queue;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Seed 000, FourProcesses.py: results from four processes through a Queue. */
public final class FourProcesses {
    private FourProcesses() {
    }

    static void hello(int pos, String name, Queue<Map.Entry<Integer, String>> output) throws InterruptedException {
        String msg = "Hello" + name;
        output.put(new AbstractMap.SimpleImmutableEntry<>(pos, msg));
    }

    public static void main(String[] args) throws InterruptedException {
        Queue<Map.Entry<Integer, String>> output = Queue.create();
        List<Process> processes = new ArrayList<>();
        for (int x = 0; x < 4; x++) {
            int pos = x;
            processes.add(Process.of(() -> {
                try {
                    hello(pos, "Gianluca", output);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Process p : processes) {
            p.start();
        }
        for (Process p : processes) {
            p.join();
        }
        List<Map.Entry<Integer, String>> results = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            results.add(output.get());
        }
        System.out.println(results);
    }
}
