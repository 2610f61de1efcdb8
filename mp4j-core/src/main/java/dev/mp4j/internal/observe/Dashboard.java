package dev.mp4j.internal.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mp4j.observe.PoolStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live web view: one page (plain HTML, CSS and JavaScript, no build step) that follows the
 * pools a source reports through server-sent events, served by the JDK's own HTTP server.
 *
 * <p>A sampler thread asks the source once a second, keeps two minutes of task and failure rates
 * per pool (for the page's chart) and publishes one JSON snapshot; {@code /events} streams each new
 * snapshot, {@code /api/stats} returns the latest. Bound to loopback unless told otherwise; on
 * loopback it answers only requests whose {@code Host} is a loopback name (no DNS rebinding). With
 * a password (the cluster view: the Redis password) every path but the login form needs the session
 * cookie that a correct password gets.
 *
 * <p>Thread-safe: handlers run on virtual threads; the snapshot is published through a monitor.
 */
public final class Dashboard implements AutoCloseable {
    private static final int HISTORY = 120;
    private static final String COOKIE = "mp4j_session";
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final String title;
    private final Supplier<List<PoolStats>> source;
    private final byte[] password;
    private final String session = dev.mp4j.internal.runtime.RunDirectory.randomToken(24);
    private final boolean loopback;
    private final Thread sampler;
    private final Map<String, ArrayDeque<long[]>> counts = new HashMap<>();
    private final Object published = new Object();
    private String snapshot = "{\"title\":\"\",\"time\":0,\"pools\":[]}";
    private long version;
    private volatile boolean closed;

    private Dashboard(InetSocketAddress address, String title, Supplier<List<PoolStats>> source, String password)
            throws IOException {
        this.title = title;
        this.source = source;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.loopback = address.getAddress() == null || address.getAddress().isLoopbackAddress();
        this.server = HttpServer.create(address, 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        sample();
        server.start();
        this.sampler = Thread.ofPlatform().daemon().name("mp4j-dashboard-" + port()).start(this::sampleEverySecond);
    }

    /**
     * Serves the view of {@code source} on {@code address} (port 0: any free port).
     *
     * @param password null for none; else what the login form asks for
     * @throws UncheckedIOException when the address cannot be bound (the port is taken)
     */
    public static Dashboard start(InetSocketAddress address, String title, Supplier<List<PoolStats>> source, String password) {
        try {
            return new Dashboard(address, title, source, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the mp4j dashboard on " + address + ": " + e.getMessage()
                    + " (choose another port, or 0 for any free one)", e);
        }
    }

    /** Loopback (127.0.0.1) on {@code port}. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public URI uri() {
        InetAddress host = server.getAddress().getAddress();
        String name = host.isAnyLocalAddress() || host.isLoopbackAddress() ? "127.0.0.1" : host.getHostAddress();
        return URI.create("http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port() + "/");
    }

    private void sampleEverySecond() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private void sample() {
        List<PoolStats> pools;
        try {
            pools = source.get();
        } catch (RuntimeException e) {
            pools = List.of();
        }
        long now = System.currentTimeMillis();
        List<List<double[]>> rates = new ArrayList<>(pools.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PoolStats pool : pools) {
            String id = pool.ownerPid() + "/" + pool.name() + "/" + pool.engine();
            seen.add(id);
            ArrayDeque<long[]> history = counts.computeIfAbsent(id, key -> new ArrayDeque<>());
            history.addLast(new long[] {now, pool.completed(), pool.failed()});
            while (history.size() > HISTORY + 1) {
                history.removeFirst();
            }
            List<double[]> series = new ArrayList<>(history.size());
            long[] previous = null;
            for (long[] sample : history) {
                if (previous != null && sample[0] > previous[0]) {
                    double seconds = (sample[0] - previous[0]) / 1000.0;
                    series.add(new double[] {sample[0], Math.max(0, sample[1] - previous[1]) / seconds,
                            Math.max(0, sample[2] - previous[2]) / seconds});
                }
                previous = sample;
            }
            rates.add(series);
        }
        counts.keySet().retainAll(seen);
        String json = Json.snapshot(title, now, pools, rates);
        synchronized (published) {
            snapshot = json;
            version++;
            published.notifyAll();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 421, "text/plain", "this dashboard answers only to 127.0.0.1, localhost or [::1]");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (password != null && path.equals("/login")) {
                login(exchange);
                return;
            }
            if (password != null && !hasSession(exchange)) {
                if (path.equals("/")) {
                    send(exchange, 200, "text/html; charset=utf-8", loginPage(false));
                } else {
                    send(exchange, 401, "text/plain", "log in first: open / and give the Redis password");
                }
                return;
            }
            switch (path) {
                case "/" -> send(exchange, 200, "text/html; charset=utf-8", page());
                case "/api/stats" -> send(exchange, 200, "application/json", current());
                case "/events" -> stream(exchange);
                default -> send(exchange, 404, "text/plain", "not found: " + path);
            }
        } catch (IOException e) {
            // the browser went away
        }
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equals("127.0.0.1") || name.equalsIgnoreCase("localhost") || name.equals("[::1]");
    }

    private boolean hasSession(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals(COOKIE)
                        && MessageDigest.isEqual(pair[1].getBytes(StandardCharsets.UTF_8), session.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void login(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 200, "text/html; charset=utf-8", loginPage(false));
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(4096);
        String given = null;
        for (String field : new String(body, StandardCharsets.UTF_8).split("&")) {
            String[] pair = field.split("=", 2);
            if (pair.length == 2 && pair[0].equals("password")) {
                given = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
            }
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), password)) {
            send(exchange, 403, "text/html; charset=utf-8", loginPage(true));
            return;
        }
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        exchange.getResponseHeaders().add("Location", "/");
        exchange.sendResponseHeaders(303, -1);
    }

    private String current() {
        synchronized (published) {
            return snapshot;
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long seen = -1;
        while (!closed) {
            String json;
            synchronized (published) {
                while (version == seen && !closed) {
                    try {
                        published.wait(15_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (version == seen) {
                        break; // a comment line below keeps the connection alive
                    }
                }
                json = version == seen ? null : snapshot;
                seen = version;
            }
            out.write((json == null ? ": keep-alive\n\n" : "data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private String page() {
        return resource("dashboard.html").replace("{{TITLE}}", escapeHtml(title));
    }

    private String loginPage(boolean failed) {
        return resource("login.html").replace("{{TITLE}}", escapeHtml(title))
                .replace("{{ERROR}}", failed ? "<p class=error>Wrong password.</p>" : "");
    }

    private static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("mp4j-core lacks its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        closed = true;
        synchronized (published) {
            published.notifyAll();
        }
        sampler.interrupt();
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
