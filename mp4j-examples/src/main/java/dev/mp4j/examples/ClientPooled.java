package dev.mp4j.examples;

import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ThreadPool;
import dev.mp4j.queue.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 002 (course week 7), {@code client-pooled.py}: the 100 requests go through a ThreadPool
 * (here of 20 threads) instead of 100 threads, and the slide's exercise is solved: every answer is
 * collected into the results Queue, which the main thread drains into a single list at the end.
 * Without a URL argument it starts the web service ({@link WebServiceApp}) on a free local port.
 */
public final class ClientPooled {
    static final int REQUESTS = 100;
    static final int POOL_THREADS = 20;

    private ClientPooled() {
    }

    public static void main(String[] args) throws Exception {
        WebServiceApp app = args.length > 0 ? null : WebServiceApp.start(0);
        String url = args.length > 0 ? args[0] : app.url();
        Queue<String> results = Queue.create();
        long start = System.nanoTime();
        try (Pool pool = ThreadPool.create(POOL_THREADS)) {
            pool.map(i -> {
                results.add(WebServiceApp.get(url));
                return i;
            }, IntStream.range(0, REQUESTS).boxed().toList());
        }
        List<String> collected = new ArrayList<>();
        while (!results.isEmpty()) {
            collected.add(results.get());
        }
        collected.forEach(System.out::println);
        System.out.printf("%d answers collected from the results queue, %d pool threads, %.2f s%n", collected.size(),
                POOL_THREADS, (System.nanoTime() - start) / 1e9);
        if (app != null) {
            app.stop();
        }
    }
}
