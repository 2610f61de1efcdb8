package dev.mp4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers --help and --version; a usage error is one line and a hint, exit status 2. */
class CliConsistencyTest {
    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    @ParameterizedTest(name = "mp4j {0} --help")
    @ValueSource(strings = {"lab", "demo", "example", "bench", "map", "manager", "worker", "top", "cluster-status", "jfr"})
    void everySubcommandAnswersHelpWithItsUsage(String command) {
        Outcome help = execute(command, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: mp4j " + command);
        assertThat(help.err()).isEmpty();
    }

    @Test
    void versionNamesMp4jAndTheJvm() {
        Outcome version = execute("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("mp4j ").contains("JVM ").contains(Runtime.version().toString());
    }

    @Test
    void theTopLevelHelpListsTheScriptsTestAndJmhCommands() {
        Outcome help = execute("--help");
        assertThat(help.out()).contains("  test ").contains("  jmh ").contains("lab").contains("bench");
    }

    @ParameterizedTest(name = "mp4j {0}")
    @ValueSource(strings = {"map --jobs", "map --no-such-option x", "manager serve --nope", "manager serve", "demo --processes x",
            "top --web x", "cluster-status", "jfr merge"})
    void aUsageErrorIsOneLinePlusAHintNotTheWholeUsage(String arguments) {
        Outcome outcome = execute(arguments.split(" "));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).doesNotContain("Usage:").contains("Try 'mp4j ").contains(" --help' for usage.");
        assertThat(outcome.err().strip().lines().count()).isLessThanOrEqualTo(3);
    }
}
