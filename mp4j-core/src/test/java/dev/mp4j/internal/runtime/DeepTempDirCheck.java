package dev.mp4j.internal.runtime;

import dev.mp4j.Process;
import dev.mp4j.connection.Client;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Listener;
import dev.mp4j.manager.Manager;
import dev.mp4j.queue.Queue;

import java.util.concurrent.CompletableFuture;

/**
 * Run by {@link DeepTempDirTest} in a JVM whose {@code java.io.tmpdir} is too deep for a Unix
 * socket: prints where the run directory went, then uses what binds sockets in it (a manager, a
 * listener at its default address) and a process with a queue. One line per step.
 */
public final class DeepTempDirCheck {
    private DeepTempDirCheck() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("run directory " + RunDirectory.path());
        try (Manager manager = Manager.start()) {
            var dict = manager.dict();
            Process child = Process.of(() -> dict.put("k", "from a child"));
            child.start();
            child.join();
            System.out.println("manager dict " + dict.get("k"));
        }
        byte[] key = Listener.randomAuthkey();
        try (Listener listener = Listener.builder().authkey(key).bind()) {
            CompletableFuture<Object> received = CompletableFuture.supplyAsync(() -> {
                try (Connection server = listener.accept()) {
                    return server.recv();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Connection client = Client.connect(listener.address(), key)) {
                client.send("hello");
            }
            System.out.println("listener received " + received.get());
        }
        Queue<String> queue = Queue.create();
        Process child = Process.of(() -> {
            try {
                queue.put("from a child");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        child.start();
        System.out.println("queue " + queue.get());
        child.join();
    }
}
