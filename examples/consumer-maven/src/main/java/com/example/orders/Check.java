package com.example.orders;

import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every launcher must get right: a process Pool maps a lambda and a method reference over the
 * application's records, a child puts a record on a Queue and sends one through a Pipe, a child
 * stores a record in a Manager dict, and a record is logged through mp4j's logger. Throws AssertionError on the first wrong result.
 */
public final class Check {
    private Check() {
    }

    /** Runs every check and returns the pids of the child JVMs seen, so that a caller can check they are gone. */
    public static Set<Long> run() throws Exception {
        Set<Long> pids = new TreeSet<>();
        List<Order> orders = List.of(new Order(1, "ada", 1000), new Order(2, "grace", 2500), new Order(3, "linus", 99));
        try (Pool pool = Pool.create(2)) {
            List<Invoice> byLambda = pool.map(order -> new Invoice(order.id(), order.cents() * 120 / 100,
                    ProcessHandle.current().pid()), orders);
            List<Invoice> byReference = pool.map(Billing::invoice, orders);
            for (List<Invoice> invoices : List.of(byLambda, byReference)) {
                expect(invoices.stream().map(Invoice::totalCents).toList(), List.of(1200L, 3000L, 118L), "pool.map totals");
                for (Invoice invoice : invoices) {
                    expect(invoice.workerPid() != ProcessHandle.current().pid(), true, "the task ran in a worker JVM");
                    pids.add(invoice.workerPid());
                }
            }
            pids.addAll(pool.workerPids());
        }

        Queue<Order> queue = Queue.create();
        Pipe pipe = Pipe.create(false);
        Connection sender = pipe.second();
        Process producer = Process.of(() -> {
            try {
                queue.put(new Order(7, "queued", 700));
                sender.send(new Invoice(8, 800, ProcessHandle.current().pid()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        expect(queue.get(true, Duration.ofSeconds(60)), new Order(7, "queued", 700), "record through a Queue");
        Object received = pipe.first().recv();
        expect(received instanceof Invoice invoice && invoice.orderId() == 8, true, "record through a Pipe: " + received);
        expect(producer.join(Duration.ofSeconds(60)), true, "producer ended");
        expect(producer.exitCode().orElse(-1), 0, "producer exit code");
        pids.add(producer.pid());
        queue.close();

        try (Manager manager = Manager.start()) {
            SharedMap<Integer, Order> dict = manager.dict();
            Process writer = Process.of(() -> dict.put(9, new Order(9, "managed", 900)));
            writer.start();
            expect(writer.join(Duration.ofSeconds(60)), true, "manager writer ended");
            expect(writer.exitCode().orElse(-1), 0, "manager writer exit code");
            expect(dict.get(9), new Order(9, "managed", 900), "record through a Manager dict");
            pids.add(writer.pid());
            pids.add(manager.serverPid());
        }
        // through whatever SLF4J the application has (2.x here; LaunchersTest also runs it with 1.7)
        Multiprocessing.getLogger().info("mp4j consumer: {} orders checked", orders.size());
        return pids;
    }

    private static void expect(Object actual, Object expected, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + " but got " + actual);
        }
    }

    /** The pids as one line the launcher test parses. */
    public static String report(String launcher, Set<Long> pids) {
        List<String> text = new ArrayList<>();
        for (long pid : pids) {
            text.add(Long.toString(pid));
        }
        return "CONSUMER OK " + launcher + " pids=" + String.join(",", text);
    }
}
