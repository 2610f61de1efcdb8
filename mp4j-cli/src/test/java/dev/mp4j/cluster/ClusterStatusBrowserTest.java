package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.cli.ClusterStatusCommand;
import dev.mp4j.cli.HeadlessChrome;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** mp4j cluster-status --web in a real headless Chromium: the Redis password first, then the live worker JVMs. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterStatusBrowserTest {
    private static final String PASSWORD = "cluster-view-" + Long.toHexString(System.nanoTime());
    private RedisServer redis;
    private LocalWorkers workers;

    @BeforeEach
    void start() {
        redis = RedisServer.start(PASSWORD);
        workers = LocalWorkers.builder(redis.addressWithPassword()).jvms(2).workersPerJvm(2).classPath(TestClassPath.full()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static int run(String... args) {
        CommandLine cli = new CommandLine(new ClusterStatusCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void theClusterViewAsksForTheRedisPasswordThenShowsTheWorkerJvmsAndLosesAKilledOne() throws Exception {
        assertThat(run("--redis", redis.address(), "--web", "0")).as("no password, no web view").isEqualTo(2);
        assertThat(run("--redis", redis.address(), "--password", "wrong", "--once")).isEqualTo(1);

        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.addressWithPassword()).processes(4).build()) {
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3, 4, 5, 6, 7, 8), 1)).hasSize(8);
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ClusterStatusCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        Thread server = Thread.ofPlatform().daemon().start(() -> cli.execute("--redis", redis.address(), "--password", PASSWORD,
                "--web", "0"));
        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("serving http://") || !server.isAlive());
            Matcher served = Pattern.compile("serving (http://\\S+/)").matcher(out.toString());
            assertThat(served.find()).as(out.toString()).isTrue();
            URI uri = URI.create(served.group(1));

            chrome.open(uri);
            assertThat(chrome.evaluate("return document.querySelectorAll('tr.worker').length").asInt()).isZero();
            chrome.type("#password", "not-it");
            chrome.click("#login");
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.evaluate("return document.body.textContent").asText()
                    .contains("Wrong password"));
            chrome.open(uri);
            chrome.type("#password", PASSWORD);
            chrome.click("#login");
            Set<Long> pids = Set.copyOf(workers.pids());
            await().atMost(Duration.ofSeconds(30)).until(() -> shownPids(chrome).equals(pids));
            await().atMost(Duration.ofSeconds(30)).until(() -> chrome.evaluate(  // workers report every 2 s
                    "return document.querySelector('[data-figure=completed] b').textContent").asText().equals("8"));
            chrome.screenshot(Path.of("target", "screenshots", "cluster-status.png"));

            long survivor = workers.pids().get(1);
            workers.kill(0); // its heartbeat expires within 6 s
            await().atMost(Duration.ofSeconds(30)).until(() -> shownPids(chrome).equals(Set.of(survivor)));
        } finally {
            server.interrupt();
            server.join(10_000);
        }
        assertThat(server.isAlive()).isFalse();
    }

    private static Set<Long> shownPids(HeadlessChrome chrome) throws Exception {
        Set<Long> shown = new HashSet<>();
        chrome.evaluate("return [...document.querySelectorAll('tr.worker')].map(row => row.dataset.pid)")
                .forEach(pid -> shown.add(Long.parseLong(pid.asText())));
        return shown;
    }
}
