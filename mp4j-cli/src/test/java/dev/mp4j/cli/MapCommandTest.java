package dev.mp4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class MapCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        return execute(InputStream.nullInputStream(), args);
    }

    private int execute(InputStream stdin, String... args) {
        CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == MapCommand.class ? type.cast(new MapCommand(stdin)) : CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void runsTheCommandPerInputAndKeepsOrderWhenAsked() {
        int status = execute("map", "--jobs", "3", "--keep-order", "--no-progress", "--",
                "sh", "-c", "sleep $0; echo \"$1 {#}\"", "{}", "{/}", ":::", "0.4", "0", "0.2");

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("0.4 1\n0 2\n0.2 3\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsInCompletionOrderByDefault() {
        int status = execute("map", "-j", "2", "--no-progress", "--", "sh", "-c", "sleep $0; echo $0", ":::", "1", "0");

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("0\n1\n");
    }

    @Test
    void readsInputsFromAFileOrFromStdin() throws Exception {
        Path inputs = Files.writeString(dir.resolve("inputs.txt"), "alpha\n\nbeta\n");

        int fromFile = execute("map", "--keep-order", "--inputs", inputs.toString(), "--", "echo", "file:");
        int fromStdin = execute(new ByteArrayInputStream("gamma\ndelta\n".getBytes(StandardCharsets.UTF_8)),
                "map", "-k", "--", "echo", "stdin:");

        assertThat(fromFile).isZero();
        assertThat(fromStdin).isZero();
        assertThat(out.toString()).isEqualTo("file: alpha\nfile: beta\nstdin: gamma\nstdin: delta\n");
    }

    @Test
    void reportsFailuresPerInputAndExitsWithOne() {
        int status = execute("map", "-k", "--timeout", "2s", "--",
                "sh", "-c", "case $0 in slow) exec sleep 300;; bad) echo broken >&2; exit 5;; *) echo ok $0;; esac", ":::",
                "a", "bad", "slow", "b");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("ok a\nok b\n");
        assertThat(err.toString())
                .contains("broken\n")
                .contains("mp4j map: 2 of 4 inputs failed:")
                .contains("#2 bad: NONZERO_EXIT: sh exited with status 5")
                .contains("#3 slow: TIMEOUT: sh timed out after 2s");
    }

    @Test
    void aMissingProgramIsReportedPerInput() {
        int status = execute("map", "--", "mp4j-no-such-program", "{}", ":::", "x");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("#1 x: NOT_FOUND: program 'mp4j-no-such-program' not found on PATH");
    }

    @Test
    void failFastCancelsTheRest() {
        int status = execute("map", "-j", "1", "--fail-fast", "-k", "--", "sh", "-c", "exit $0", ":::", "0", "7", "0");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("2 of 3 inputs failed").contains("#3 0: CANCELLED");
    }

    @Test
    void badUsageExitsWithTwoAndAClearMessage() {
        assertThat(execute("map", "--timeout", "soon", "--", "echo", ":::", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid duration 'soon': use a number with a unit, like 500ms, 30s, 2m or 1h")
                .doesNotContain("Exception");

        assertThat(execute("map", "--jobs", "0", "--", "echo", ":::", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("--jobs must be at least 1, got 0");

        assertThat(execute("map", "--", ":::", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("no command before ':::'");

        assertThat(execute("map", "--inputs", dir.resolve("absent.txt").toString(), "--", "echo")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the inputs file");

        assertThat(execute("map")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void acceptsDurationsWithUnits() {
        int status = execute("map", "--timeout", "500ms", "--", "sleep", ":::", "30");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("TIMEOUT: sleep timed out after 500ms");
    }

    @Test
    void shellModeRunsPipesWithQuotedInputs() {
        int status = execute("map", "--shell", "--", "echo {} | wc -c", ":::", "a b; rm -rf x");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("14");
    }
}
