package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002 (course week 7), {@code client-threading.py}: 100 threads each contact the web service
 * ({@link WebServiceApp}) once and print its answer. Without a URL argument it starts the service
 * itself on a free local port. The requests wait on the network, so they overlap: 100 requests of
 * one second take about one second, not 100.
 */
public final class ClientThreading {
    static final int CLIENTS = 100;

    private ClientThreading() {
    }

    public static void main(String[] args) throws Exception {
        WebServiceApp app = args.length > 0 ? null : WebServiceApp.start(0);
        String url = args.length > 0 ? args[0] : app.url();
        long start = System.nanoTime();
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Process thread = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1))
                    .target(() -> System.out.println(Thread.currentThread().getName() + ": " + WebServiceApp.get(url)))
                    .build();
            thread.start();
            threads.add(thread);
        }
        for (Process thread : threads) {
            thread.join();
        }
        System.out.printf("%d requests from %d threads in %.2f s%n", CLIENTS, CLIENTS, (System.nanoTime() - start) / 1e9);
        if (app != null) {
            app.stop();
        }
    }
}
