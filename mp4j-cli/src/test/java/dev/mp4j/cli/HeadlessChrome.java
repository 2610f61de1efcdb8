package dev.mp4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real browser for tests: Debian's Chromium driven through chromedriver's W3C WebDriver protocol
 * (plain HTTP and JSON), headless. {@link #close()} ends the session and kills chromedriver and
 * every process it started. Packages: chromium and chromium-driver ({@code .ci/install-chromium.sh}).
 */
public final class HeadlessChrome implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String session;

    private HeadlessChrome(Process driver, URI base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    public static HeadlessChrome start() throws IOException, InterruptedException {
        for (String binary : List.of("/usr/bin/chromedriver", "/usr/bin/chromium")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver"
                        + " (.ci/install-chromium.sh, which ./mp4j test runs)");
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("status")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !driver.isAlive()) {
                    kill(driver);
                    throw new IllegalStateException("chromedriver did not start on port " + port, notYet);
                }
            }
            Thread.sleep(100);
        }
        Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", "/usr/bin/chromium",
                        "args", List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--window-size=1400,1000")))));
        try {
            JsonNode created = post(http, base.resolve("session"), capabilities);
            return new HeadlessChrome(driver, base, created.path("value").path("sessionId").asText());
        } catch (IOException | RuntimeException e) {
            kill(driver);
            throw e;
        }
    }

    private static JsonNode post(HttpClient http, URI uri, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode reply = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + uri.getPath() + " failed: " + reply.path("value").path("message").asText());
        }
        return reply;
    }

    private URI command(String path) {
        return base.resolve("session/" + session + "/" + path);
    }

    public void open(URI page) throws IOException, InterruptedException {
        post(http, command("url"), Map.of("url", page.toString()));
    }

    /** Runs {@code script} (a function body; {@code return} its value) in the page. */
    public JsonNode evaluate(String script) throws IOException, InterruptedException {
        return post(http, command("execute/sync"), Map.of("script", script, "args", List.of())).path("value");
    }

    /** Types {@code text} into the element {@code css} selects. */
    public void type(String css, String text) throws IOException, InterruptedException {
        post(http, command("element/" + element(css) + "/value"), Map.of("text", text));
    }

    public void click(String css) throws IOException, InterruptedException {
        post(http, command("element/" + element(css) + "/click"), Map.of());
    }

    private String element(String css) throws IOException, InterruptedException {
        JsonNode found = post(http, command("element"), Map.of("using", "css selector", "value", css)).path("value");
        return found.elements().next().asText();
    }

    /** A PNG of the window. */
    public void screenshot(Path file) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(command("screenshot")).build(),
                HttpResponse.BodyHandlers.ofString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(JSON.readTree(response.body()).path("value").asText()));
    }

    @Override
    public void close() {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("session/" + session)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // the processes are killed below
        }
        kill(driver);
    }

    private static void kill(Process driver) {
        List<ProcessHandle> all = driver.descendants().toList();
        driver.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
