package dev.mp4j.lab.experiment;

import com.sun.net.httpserver.HttpServer;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * I/O-bound fan-out (the seeds' threaded downloads and the web service hit by 100 threads): the
 * lab starts an HTTP server on loopback that answers {@code /item/i} with {@code i} after a set
 * latency, and every configuration fetches all items. Threads and processes fetch one item per task
 * from a pool of that many workers; virtual threads fetch every item at once. The result is the sum
 * of the answers, which must be {@code n (n - 1) / 2}.
 *
 * <p>The server serves every request on its own virtual thread, so its latency, not its
 * capacity, is what the clients wait for.
 */
public final class IoFanOut implements Experiment {
    private final int requests;
    private final Duration latency;
    private HttpServer server;
    private String baseUrl;

    public IoFanOut(LabOptions options) {
        this(options.ioRequests(), options.ioLatency());
    }

    private IoFanOut(int requests, Duration latency) {
        this.requests = requests;
        this.latency = latency;
    }

    @Override
    public String name() {
        return "io";
    }

    @Override
    public String title() {
        return workload();
    }

    @Override
    public String workload() {
        return requests + " HTTP requests, " + latency.toMillis() + " ms each";
    }

    @Override
    public long size() {
        return requests;
    }

    @Override
    public IoFanOut scaled(double factor) {
        return new IoFanOut((int) Math.min(1_000_000, Math.max(1, Math.round(requests * factor))), latency);
    }

    /** Not sized by timing: its serial time is requests x latency by construction. */
    @Override
    public boolean calibrated() {
        return false;
    }

    @Override
    public String description() {
        return "I/O-bound fan-out: " + requests + " requests to an HTTP server the lab starts on loopback, each answered"
                + " after " + latency.toMillis() + " ms, so serial takes requests x latency. Threads and processes: one"
                + " request per task on a pool of that many workers (the pool's start-up timed apart); virtual threads:"
                + " all requests at once. Not CPU-bound: the waiting overlaps, so speedups pass the core count.";
    }

    @Override
    public boolean cpuBound() {
        return false;
    }

    @Override
    public List<Configuration> configurations(LabOptions options) {
        return options.scalingConfigurations();
    }

    @Override
    public double serialSecondsGuess() {
        return requests * (latency.toMillis() + 1) / 1000.0;
    }

    @Override
    public double pythonSerialSecondsGuess() {
        return requests * (latency.toMillis() + 2) / 1000.0;
    }

    @Override
    public void prepare(String serialResult) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        long delayMillis = latency.toMillis();
        server.createContext("/item/", exchange -> {
            try (exchange) {
                Thread.sleep(delayMillis);
                String path = exchange.getRequestURI().getPath();
                byte[] body = path.substring(path.lastIndexOf('/') + 1).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/item/";
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT/item/}; valid after {@link #prepare()}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Fetches one URL and returns the number it answers. */
    /**
     * One GET with {@link java.net.HttpURLConnection}, the JDK's counterpart of the seeds' urllib
     * (keep-alive connections reused per JVM). Not {@code java.net.http.HttpClient}: building one
     * loads the default SSL context and its trust store, a second of a cold worker JVM's CPU on
     * this machine, which the processes rows would count as the requests' time.
     */
    static long fetch(String url) {
        try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException(url + " answered HTTP " + status);
            }
            try (java.io.InputStream body = connection.getInputStream()) {
                return Long.parseLong(new String(body.readAllBytes(), StandardCharsets.US_ASCII).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + url, e);
        }
    }

    @Override
    public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
        List<String> urls = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            urls.add(baseUrl + i);
        }
        long sum = 0;
        for (long answer : engines.map(configuration, IoFanOut::fetch, urls, 1, clock)) {
            sum += answer;
        }
        return Long.toString(sum);
    }

    @Override
    public void check(String runtime, Configuration configuration, String result) {
        String expected = Long.toString((long) requests * (requests - 1) / 2);
        if (!expected.equals(result)) {
            throw new ResultMismatchException(name(), runtime, configuration.label(), expected, result);
        }
    }

    @Override
    public List<String> pythonArguments() {
        return List.of(baseUrl, Integer.toString(requests));
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
