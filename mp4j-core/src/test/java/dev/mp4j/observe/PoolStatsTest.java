package dev.mp4j.observe;

import dev.mp4j.Engine;
import dev.mp4j.internal.observe.Dashboard;
import dev.mp4j.internal.observe.StatusServer;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.MapOptions;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.TaskTimeoutException;
import dev.mp4j.pool.WorkerDiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Pool.stats(), the JMX bean, the status socket of mp4j top and the dashboard's HTTP side. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoolStatsTest {

    @Test
    void statsCountTheWorkDoneAndKeepTheFailuresWithTheirRemoteTracebacks() {
        try (Pool pool = Pool.builder().processes(2).name("counted").build()) {
            List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.applyAsync(() -> {
                    if (n % 7 == 0) {
                        throw new IllegalArgumentException("no multiples of seven: " + n);
                    }
                    return n;
                }));
            }
            long failures = results.stream().filter(r -> r.handle((v, e) -> e != null).join()).count();
            assertThat(failures).isEqualTo(3);
            List<Integer> mapped = pool.map(x -> x + 1, IntStream.range(0, 100).boxed().toList(), 10);
            assertThat(mapped).hasSize(100);

            // one worker may have done all the work while the other still starts (one JVM start at a time on few cores)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> pool.stats().workers().stream().allMatch(w -> w.state() == WorkerStats.State.IDLE));
            PoolStats stats = pool.stats();
            assertThat(stats.name()).isEqualTo("counted");
            assertThat(stats.engine()).isEqualTo(Engine.PROCESSES);
            assertThat(stats.state()).isEqualTo(PoolStats.State.RUNNING);
            assertThat(stats.submitted()).isEqualTo(30);
            assertThat(stats.completed()).isEqualTo(27);
            assertThat(stats.failed()).isEqualTo(3);
            assertThat(stats.queued()).isZero();
            assertThat(stats.active()).isZero();
            assertThat(stats.timeouts()).isZero();
            assertThat(stats.workersStarted()).isEqualTo(2);
            assertThat(stats.workers()).extracting(WorkerStats::pid).containsExactlyInAnyOrderElementsOf(pool.workerPids());
            assertThat(stats.workers()).allSatisfy(w -> assertThat(w.state()).isEqualTo(WorkerStats.State.IDLE));
            assertThat(stats.workers().stream().mapToLong(WorkerStats::completed).sum()).isEqualTo(27);
            assertThat(stats.workers()).allSatisfy(w -> assertThat(w.startUp()).isPositive());
            assertThat(stats.taskRunTime()).isPositive();
            assertThat(stats.recentFailures()).hasSize(3).allSatisfy(f -> {
                assertThat(f.exception()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(f.traceback()).contains("no multiples of seven", "PoolStatsTest");
                assertThat(pool.workerPids()).contains(f.workerPid());
            });
            assertThat(stats.recentFailures()).extracting(TaskFailure::message)
                    .containsExactlyInAnyOrder("no multiples of seven: 0", "no multiples of seven: 7", "no multiples of seven: 14");
        }
    }

    @Test
    void aBusyWorkerShowsItsTaskAndATimeoutOrAKillCountsAsARestart() throws Exception {
        try (Pool pool = Pool.builder().processes(2).name("restarted").build()) {
            AsyncResult<Integer> stuck = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 1;
            }, MapOptions.defaults().withTimeout(Duration.ofSeconds(3)));
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().active() == 1);
            WorkerStats busy = pool.stats().workers().stream().filter(w -> w.state() == WorkerStats.State.BUSY).findFirst().orElseThrow();
            assertThat(busy.currentTask()).isPositive();
            assertThatThrownBy(stuck::join).hasCauseInstanceOf(TaskTimeoutException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().workerRestarts() == 1);
            assertThat(pool.stats().timeouts()).isEqualTo(1);
            assertThat(pool.stats().failed()).isEqualTo(1);

            AsyncResult<Integer> killed = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 1;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().active() == 1);
            long victim = pool.stats().workers().stream().filter(w -> w.state() == WorkerStats.State.BUSY).findFirst().orElseThrow().pid();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            assertThatThrownBy(killed::join).hasCauseInstanceOf(WorkerDiedException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().workerRestarts() == 2
                    && pool.stats().workers().size() == 2 && !pool.workerPids().contains(victim));
            PoolStats stats = pool.stats();
            assertThat(stats.failed()).isEqualTo(2);
            assertThat(stats.timeouts()).isEqualTo(1);
            assertThat(stats.recentFailures().getFirst().exception()).isEqualTo(WorkerDiedException.class.getName());
            assertThat(stats.recentFailures().getFirst().workerPid()).isEqualTo(victim);
        }
    }

    @Test
    void jmxShowsALivePoolAndForgetsItOnceClosed() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.mp4j:type=Pool,name=" + ObjectName.quote("jmx-visible"));
        try (Pool pool = Pool.builder().engine(Engine.THREADS).processes(3).name("jmx-visible").jmx(true).build()) {
            pool.map(x -> x * 2, List.of(1, 2, 3, 4), 1);
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "Completed")).isEqualTo(4L);
            assertThat(server.getAttribute(name, "Size")).isEqualTo(3);
            assertThat(server.getAttribute(name, "Engine")).isEqualTo("THREADS");
            assertThat((long[]) server.getAttribute(name, "WorkerPids")).hasSize(3);
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void theStatusSocketShowsThisJvmsPoolsToMp4jTop() {
        try (Pool pool = Pool.builder().processes(1).name("seen-by-top").build()) {
            pool.apply(() -> 1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(StatusServer.readAll(Duration.ofSeconds(5)))
                    .filteredOn(p -> p.name().equals("seen-by-top") && p.ownerPid() == ProcessHandle.current().pid())
                    .singleElement().satisfies(p -> {
                        assertThat(p.completed()).isEqualTo(1);
                        assertThat(p.workers()).extracting(WorkerStats::pid).containsExactlyElementsOf(pool.workerPids());
                    }));
        }
    }

    /** One HTTP exchange over java.base's client: status and body. */
    private record Reply(int status, String body, String cookie) {
    }

    private static Reply http(URI uri, String method, String cookie, String form) throws java.io.IOException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod(method);
        if (cookie != null) {
            connection.setRequestProperty("Cookie", cookie);
        }
        if (form != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            connection.getOutputStream().write(form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        java.io.InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String setCookie = connection.getHeaderField("Set-Cookie");
        connection.disconnect();
        return new Reply(status, body, setCookie == null ? null : setCookie.split(";")[0]);
    }

    @Test
    void theDashboardServesTheStatsToLoopbackNamesOnlyAndStopsWithThePool() throws Exception {
        URI uri;
        try (Pool pool = Pool.builder().engine(Engine.THREADS).processes(2).name("dashboarded").dashboard(0).build()) {
            pool.map(x -> x, List.of(1, 2, 3), 1);
            uri = pool.dashboardUri().orElseThrow();
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            Reply page = http(uri, "GET", null, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("EventSource");
            URI stats = uri.resolve("/api/stats");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http(stats, "GET", null, null).body())
                    .contains("\"name\":\"dashboarded\"", "\"completed\":3", "\"pid\":" + ProcessHandle.current().pid()));
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) { // a page of another site, DNS-rebound
                socket.getOutputStream().write(("GET /api/stats HTTP/1.1\r\nHost: attacker.example:" + uri.getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(reply).startsWith("HTTP/1.1 421").doesNotContain("dashboarded");
            }
        }
        URI closed = uri;
        assertThatThrownBy(() -> http(closed, "GET", null, null)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aDashboardWithAPasswordServesNothingBeforeTheLogin() throws Exception {
        try (Dashboard dashboard = Dashboard.start(Dashboard.loopback(0), "secret view", List::of, "s3cret")) {
            URI stats = dashboard.uri().resolve("/api/stats");
            URI login = dashboard.uri().resolve("/login");
            assertThat(http(stats, "GET", null, null).status()).isEqualTo(401);
            assertThat(http(dashboard.uri(), "GET", null, null).body()).contains("type=\"password\"").doesNotContain("EventSource");
            Reply wrong = http(login, "POST", null, "password=nope");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.cookie()).isNull();
            assertThat(http(stats, "GET", "mp4j_session=guessed", null).status()).isEqualTo(401);
            Reply right = http(login, "POST", null, "password=s3cret");
            assertThat(right.status()).isEqualTo(303);
            Reply allowed = http(stats, "GET", right.cookie(), null);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.body()).contains("\"title\":\"secret view\"");
        }
    }

    @Test
    void aDashboardPortMustBeAPort() {
        assertThatThrownBy(() -> Pool.builder().dashboard(70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..65535");
    }
}
