package dev.mp4j.examples;

import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002 (course week 7), {@code client-mp.py}: the threaded client with 100 processes (child
 * JVMs) in place of the threads; each contacts the web service ({@link WebServiceApp}) once and
 * prints its pid and the answer. Without a URL argument it starts the service itself on a free
 * local port. The number of processes is the system property {@code mp4j.examples.clients}
 * (default 100, the seed's): each is a JVM, which costs far more to start than the request.
 */
public final class ClientMp {
    private ClientMp() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("mp4j.examples.clients", 100);
        WebServiceApp app = args.length > 0 ? null : WebServiceApp.start(0);
        String url = args.length > 0 ? args[0] : app.url();
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Process process = Process.of(
                    () -> System.out.println("process " + ProcessHandle.current().pid() + ": " + WebServiceApp.get(url)));
            process.start();
            processes.add(process);
        }
        for (Process process : processes) {
            process.join();
        }
        System.out.printf("%d requests from %d processes in %.2f s%n", clients, clients, (System.nanoTime() - start) / 1e9);
        if (app != null) {
            app.stop();
        }
    }
}
