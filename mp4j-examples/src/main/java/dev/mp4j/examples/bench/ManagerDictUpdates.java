package dev.mp4j.examples.bench;

import dev.mp4j.Process;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedEvent;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.manager.SharedQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Updates per second on one manager dict from 2 processes, each doing {@code d.put(key, i)}
 * {@value #UPDATES} times after a warm-up; timed from the start signal until both report done.
 * Prints one JSON line. Twin: bench/python/manager_dict_updates.py.
 */
public final class ManagerDictUpdates {
    private static final int PROCESSES = 2;
    private static final int UPDATES = 50_000;
    private static final int WARMUP = 20_000;

    private ManagerDictUpdates() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.start()) {
            SharedMap<String, Integer> d = manager.dict();
            SharedEvent go = manager.event();
            SharedQueue<String> done = manager.queue();
            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < PROCESSES; w++) {
                String key = "worker-" + w;
                Process p = Process.of(() -> {
                    for (int i = 0; i < WARMUP; i++) {
                        d.put(key, i);
                    }
                    try {
                        done.put("warm");
                        go.await();
                        for (int i = 0; i < UPDATES; i++) {
                            d.put(key, i);
                        }
                        done.put("done");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                workers.add(p);
                p.start();
            }
            for (int w = 0; w < PROCESSES; w++) {
                done.take();
            }
            long start = System.nanoTime();
            go.set();
            for (int w = 0; w < PROCESSES; w++) {
                done.take();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Process p : workers) {
                if (!p.join(Duration.ofSeconds(30))) {
                    p.kill();
                }
            }
            System.out.printf("{\"name\": \"manager_dict_updates_2proc\", \"value\": %.0f, \"unit\": \"updates/s\"}%n",
                    PROCESSES * UPDATES / seconds);
        }
    }
}
