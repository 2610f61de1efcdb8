package dev.mp4j.cli;

import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mp4j top (terminal and web), the live web view in a real headless Chromium, and mp4j jfr merge.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ObserveCommandsTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    /** Runs a command that serves until interrupted; returns its thread once it printed its address. */
    static Thread serve(StringWriter out, picocli.CommandLine cli, String... args) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        Thread thread = Thread.ofPlatform().daemon().start(() -> cli.execute(args));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("serving http://") || !thread.isAlive());
        assertThat(thread.isAlive()).as(out.toString()).isTrue();
        return thread;
    }

    static URI servedAt(StringWriter out) {
        Matcher matcher = Pattern.compile("serving (http://\\S+/)").matcher(out.toString());
        assertThat(matcher.find()).as(out.toString()).isTrue();
        return URI.create(matcher.group(1));
    }

    @Test
    void topOncePrintsThisJvmsProcessPoolWithItsWorkers() {
        try (Pool pool = Pool.builder().processes(2).name("topped").build()) {
            pool.map(x -> x, List.of(1, 2, 3, 4), 1);
            Run top = execute("top", "--once");
            assertThat(top.exitCode()).as(top.err()).isZero();
            assertThat(top.out()).contains("mp4j top", "topped", "PROCESSES", "RUNNING");
            for (long pid : pool.workerPids()) {
                assertThat(top.out()).contains(" " + pid + " ");
            }
        }
    }

    @Test
    void topWebServesEveryJvmsPoolsOnLoopback() throws Exception {
        try (Pool pool = Pool.builder().processes(1).name("top-web").build()) {
            pool.apply(() -> 1);
            StringWriter out = new StringWriter();
            Thread server = serve(out, Main.commandLine(), "top", "--web", "0");
            try {
                URI uri = servedAt(out);
                assertThat(uri.getHost()).isEqualTo("127.0.0.1");
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.send(
                        HttpRequest.newBuilder(uri.resolve("/api/stats")).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .contains("\"name\":\"top-web\"", "\"pid\":" + pool.workerPids().getFirst()));
            } finally {
                server.interrupt();
                server.join(10_000);
            }
            assertThat(server.isAlive()).isFalse();
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(execute("top", "--web", "70000").exitCode()).isEqualTo(2);
        assertThat(execute("top", "--interval", "0").exitCode()).isEqualTo(2);
        Run merge = execute("jfr", "merge", "-o", "out.jfr", "/no/such/recording.jfr");
        assertThat(merge.exitCode()).isEqualTo(2);
        assertThat(merge.err()).contains("no recording at /no/such/recording.jfr");
    }

    @Test
    void jfrMergeJoinsRecordingsIntoOneThatJfrReads(@TempDir Path dir) throws Exception {
        for (String name : List.of("a.jfr", "b.jfr")) {
            try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
                recording.enable("jdk.JVMInformation");
                recording.start();
                recording.stop();
                recording.dump(dir.resolve(name));
            }
        }
        Files.writeString(dir.resolve("notes.txt"), "not a recording");
        Run merge = execute("jfr", "merge", "-o", dir.resolve("all.jfr").toString(), dir.toString());
        assertThat(merge.exitCode()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("2 recordings joined");
        long chunks = jdk.jfr.consumer.RecordingFile.readAllEvents(dir.resolve("all.jfr")).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.JVMInformation")).count();
        assertThat(chunks).isEqualTo(2);
    }

    @Test
    void aMergedRecordingPutsEveryWorkerEventOnTheProgramsTimelineAsMissionControlReadsIt(@TempDir Path dir) throws Exception {
        int tasks = 8;
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            for (String event : List.of("TaskSubmitted", "TaskFinished", "TaskExecution")) {
                recording.enable("dev.mp4j." + event);
            }
            recording.setDestination(dir.resolve("program.jfr"));
            recording.start();
            Pool pool = Pool.builder().processes(2).name("merged").build();
            assertThat(pool.map(x -> x, java.util.stream.IntStream.range(0, tasks).boxed().toList(), 1)).hasSize(tasks);
            pool.shutdown();
            pool.join(); // the workers exited and wrote their recordings next to the program's
            recording.stop();
        }
        Run merge = execute("jfr", "merge", "-o", dir.resolve("merged.jfr").toString(), dir.toString());
        assertThat(merge.exitCode()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("3 recordings joined");

        // Mission Control's parser: each chunk keeps its own JVM's clock
        java.util.Map<String, java.util.Map<Long, long[]>> byType = new java.util.HashMap<>();
        for (org.openjdk.jmc.common.item.IItemIterable events
                : org.openjdk.jmc.flightrecorder.JfrLoaderToolkit.loadEvents(dir.resolve("merged.jfr").toFile())) {
            org.openjdk.jmc.common.item.IType<org.openjdk.jmc.common.item.IItem> type = events.getType();
            if (!List.of("dev.mp4j.TaskSubmitted", "dev.mp4j.TaskFinished", "dev.mp4j.TaskExecution").contains(type.getIdentifier())) {
                continue;
            }
            var start = org.openjdk.jmc.flightrecorder.JfrAttributes.START_TIME.getAccessor(type);
            var end = org.openjdk.jmc.flightrecorder.JfrAttributes.END_TIME.getAccessor(type);
            var taskId = type.getAccessorKeys().keySet().stream().filter(key -> key.getIdentifier().equals("taskId")).findFirst()
                    .map(type::getAccessor).orElseThrow();
            for (org.openjdk.jmc.common.item.IItem event : events) {
                Object member = taskId.getMember(event);
                long id = member instanceof org.openjdk.jmc.common.unit.IQuantity quantity ? quantity.longValue() : (Long) member;
                byType.computeIfAbsent(type.getIdentifier(), k -> new java.util.HashMap<>()).put(id, new long[] {
                        start.getMember(event).clampedLongValueIn(org.openjdk.jmc.common.unit.UnitLookup.EPOCH_NS),
                        end.getMember(event).clampedLongValueIn(org.openjdk.jmc.common.unit.UnitLookup.EPOCH_NS)});
            }
        }
        java.util.Map<Long, long[]> submitted = byType.get("dev.mp4j.TaskSubmitted");
        java.util.Map<Long, long[]> finished = byType.get("dev.mp4j.TaskFinished");
        java.util.Map<Long, long[]> executed = byType.get("dev.mp4j.TaskExecution");
        assertThat(executed).hasSize(tasks);
        assertThat(finished.keySet()).isEqualTo(executed.keySet());
        long slack = Duration.ofMillis(50).toNanos();
        executed.forEach((id, run) -> {
            assertThat(run[0]).as("task %d ran in its worker after it was submitted", id).isGreaterThan(submitted.get(id)[0] - slack);
            assertThat(run[1]).as("task %d ended in its worker before its result arrived", id).isLessThan(finished.get(id)[1] + slack);
        });
    }

    @Test
    void theWebViewInChromiumShowsTheWorkersAndFollowsAKilledOne() throws Exception {
        try (Pool pool = Pool.builder().processes(2).name("browsed").dashboard(0).build();
             HeadlessChrome chrome = HeadlessChrome.start()) {
            pool.map(x -> x * 2, List.of(1, 2, 3, 4, 5, 6), 1);
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.applyAsync(() -> {
                    throw new IllegalStateException("order " + n + " has no customer");
                }).handle((v, e) -> e).join();
            }
            AsyncResult<Integer> slow = pool.applyAsync(() -> {
                Thread.sleep(60_000);
                return 0;
            });
            chrome.open(pool.dashboardUri().orElseThrow());
            Set<Long> pids = Set.copyOf(pool.workerPids());
            await().atMost(Duration.ofSeconds(30)).until(() -> workerPidsShown(chrome).equals(pids));
            await().atMost(Duration.ofSeconds(30)).until(() -> chrome.evaluate(
                    "return document.querySelectorAll('tr.worker[data-state=BUSY]').length").asInt() == 1);
            // the page lists every live pool of this JVM (another test's may be ending): read this pool's own section
            await().atMost(Duration.ofSeconds(30)).until(() -> "3".equals(poolSection(chrome, "browsed", "[data-figure=failed] b")));
            assertThat(poolSection(chrome, "browsed", ".failures")).contains("IllegalStateException", "has no customer");
            chrome.screenshot(Path.of("target", "screenshots", "dashboard.png"));

            long victim = pool.stats().workers().stream().filter(w -> w.state() == dev.mp4j.observe.WorkerStats.State.BUSY)
                    .findFirst().orElseThrow().pid();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Set<Long> shown = workerPidsShown(chrome);
                return shown.size() == 2 && !shown.contains(victim);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(poolSection(chrome, "browsed", "[data-figure=restarts] b")));
            assertThat(poolSection(chrome, "browsed", ".failures")).contains("WorkerDiedException");
            assertThat(slow.handle((v, e) -> e).join()).isInstanceOf(dev.mp4j.pool.WorkerDiedException.class);
        }
    }

    /** The text of {@code selector} in the section of the pool named {@code pool}, or null when the page has none. */
    static String poolSection(HeadlessChrome chrome, String pool, String selector) throws Exception {
        com.fasterxml.jackson.databind.JsonNode text = chrome.evaluate(
                "const section = [...document.querySelectorAll('section.pool')]"
                        + ".find(s => s.querySelector('h2').firstChild.textContent.trim() === '" + pool + "');"
                        + " const found = section && section.querySelector('" + selector + "');"
                        + " return found ? found.textContent : null");
        return text == null || text.isNull() ? null : text.asText();
    }

    static Set<Long> workerPidsShown(HeadlessChrome chrome) throws Exception {
        com.fasterxml.jackson.databind.JsonNode pids = chrome.evaluate(
                "return [...document.querySelectorAll('tr.worker')].map(row => row.dataset.pid)");
        Set<Long> shown = new java.util.HashSet<>();
        pids.forEach(pid -> shown.add(Long.parseLong(pid.asText())));
        return shown;
    }

}
