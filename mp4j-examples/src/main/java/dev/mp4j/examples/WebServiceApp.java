package dev.mp4j.examples;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002 (course week 7), "threading versus multiprocessing, networking edition": the web service
 * of {@code examples/server/app.py}, which the seed runs with {@code gunicorn app:app --bind
 * 0.0.0.0:37337}. Its code is not in the seed; this one answers every {@code GET /} with
 * {@code Hello, World! (request N)} after one second of "work" ({@link SeedSleep}), serving requests
 * concurrently on virtual threads. {@code main} serves on port 37337 (or the port given) until
 * killed; the clients ({@link ClientThreading}, {@link ClientMp}, {@link ClientPooled}) start one on a
 * free local port themselves unless given a URL, so that they never need the internet.
 */
public final class WebServiceApp {
    static final int DEFAULT_PORT = 37337;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private WebServiceApp(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                SeedSleep.seconds(1);
                byte[] body = ("Hello, World! (request " + requests.incrementAndGet() + ")").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** Starts the service on {@code port} (0: any free port). */
    static WebServiceApp start(int port) throws IOException {
        return new WebServiceApp(port);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void stop() {
        server.stop(0);
    }

    /** One client request: the body of {@code GET url}. */
    static String get(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(30_000);
            connection.setReadTimeout(60_000);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        WebServiceApp app = start(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT);
        System.out.println("Serving on " + app.url() + " (Ctrl-C to stop)");
        new CountDownLatch(1).await();
    }
}
