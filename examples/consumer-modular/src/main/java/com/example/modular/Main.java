package com.example.modular;

import dev.mp4j.Process;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Run with {@code java -p <module path> -m com.example.modular/com.example.modular.Main}. */
public final class Main {
    private Main() {
    }

    public static Set<Long> check() throws Exception {
        Set<Long> pids = new TreeSet<>();
        try (Pool pool = Pool.create(2)) {
            List<Shipment> doubled = pool.map(s -> new Shipment(s.id(), s.parcels() * 2), List.of(new Shipment(1, 1), new Shipment(2, 5)));
            if (!doubled.equals(List.of(new Shipment(1, 2), new Shipment(2, 10)))) {
                throw new AssertionError("pool.map: " + doubled);
            }
            pids.addAll(pool.workerPids());
        }
        Queue<Shipment> queue = Queue.create();
        Process child = Process.of(() -> {
            try {
                queue.put(new Shipment(3, 7));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        child.start();
        Shipment got = queue.get(true, Duration.ofSeconds(60));
        if (!got.equals(new Shipment(3, 7)) || !child.join(Duration.ofSeconds(60)) || child.exitCode().orElse(-1) != 0) {
            throw new AssertionError("queue: " + got + ", exit " + child.exitCode());
        }
        pids.add(child.pid());
        return pids;
    }

    public static void main(String[] args) throws Exception {
        Set<Long> pids = check();
        StringBuilder text = new StringBuilder();
        for (long pid : pids) {
            text.append(text.isEmpty() ? "" : ",").append(pid);
        }
        System.out.println("CONSUMER OK " + (args.length > 0 ? args[0] : "module-path") + " pids=" + text);
    }
}
