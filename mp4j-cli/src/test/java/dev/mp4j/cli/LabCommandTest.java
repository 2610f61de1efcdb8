package dev.mp4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to {@code mp4j lab} gets a clear message and exit status 2, before anything runs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LabCommandTest {
    private record Outcome(int exitCode, String err) {
    }

    private static Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Outcome(cli.execute(args), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lab warp-drive                      | unknown experiment 'warp-drive'; the lab has: factorize, primes, integrate, io, producer-consumer, pipeline, isolation",
        "lab --serial-seconds 0.01           | --serial-seconds must be 0 (keep the seed's sizes) or between 0.05 and 60, got 0.01",
        "lab factorize --count -5            | --count must be between 1 and 10000000, got -5",
        "lab factorize --count 0             | --count must be between 1 and 10000000, got 0",
        "lab factorize --start 1             | --start must be at least 2, got 1",
        "lab factorize --workers 2,-1        | --workers: each count must be between 1 and 256, got -1",
        "lab factorize --engines threads,gpu | unknown engine 'gpu'; the lab has: serial, threads, virtual, processes, cluster",
        "lab factorize --engines cluster     | the cluster engine needs a Redis server: pass --redis redis://host:port",
        "lab factorize --redis localhost:6379 | --redis must look like redis://host:port, got localhost:6379",
        "lab io --latency-ms -3              | --latency-ms must not be negative, got -3",
        "lab primes --primes-up-to 5         | --primes-up-to must be above 100000 and at most 100000000, got 5",
        "lab integrate --steps 10            | --steps must be between 1000 and 100000000000, got 10",
        "lab --repeats 0                     | --repeats must be between 1 and 100, got 0",
    })
    void badInputIsRefusedWithExitStatusTwo(String commandLine, String message) {
        Outcome outcome = execute(commandLine.strip().split("\\s+"));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("mp4j lab: " + message).doesNotContain("Exception", "\tat ");
    }

    @Test
    void theReportStatesTheExactCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path report = dir.resolve("report");
        Outcome outcome = execute("lab", "integrate", "--steps", "1000", "--engines", "serial", "--repeats", "1",
                "--warmups", "0", "--serial-seconds", "0", "--no-progress", "--report", report.toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(java.nio.file.Files.readString(report.resolve("results.json")))
                .contains("\"command\" : \"./mp4j lab integrate --steps 1000 --engines serial --repeats 1 --warmups 0"
                        + " --serial-seconds 0 --no-progress --report " + report + "\"");
    }

    @Test
    void noProgressLineIsDrawnWhenStderrIsNotATerminal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        Outcome outcome;
        try {
            // the test JVM's stderr is a pipe to the build, not a terminal
            outcome = execute("lab", "integrate", "--steps", "100000", "--engines", "serial,threads", "--workers", "2",
                    "--repeats", "1", "--warmups", "0", "--serial-seconds", "0", "--report", dir.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(outcome.exitCode()).isZero();
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("left (weighted by step cost)", "\r");
    }

    @Test
    void helpStatesTheExpectedDuration() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("lab", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("./mp4j lab --python about "
                + LabCommand.MINUTES_WITH_PYTHON + " min", "--serial-seconds");
    }

    @Test
    void aNonNumberIsRefusedByTheParserWithExitStatusTwo() {
        Outcome outcome = execute("lab", "factorize", "--count", "many");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'many' is not an int");
    }

    @Test
    void aRedisServerThatDoesNotAnswerIsAUsageError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Outcome outcome = execute("lab", "factorize", "--redis", "redis://127.0.0.1:" + closedPort, "--engines", "cluster");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("mp4j lab: the cluster engine is not available: no Redis server answers at 127.0.0.1:"
                + closedPort).doesNotContain("\tat ");
    }
}
