package dev.mp4j.examples;

import dev.mp4j.subprocess.CommandResult;
import dev.mp4j.subprocess.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ExternalProgramPoolTest {
    @TempDir
    Path dir;

    @Test
    void runsPhstatPerInputWritesOutFilesAndReportsEachFailure() throws Exception {
        Path first = Files.writeString(dir.resolve("a.dat"), "1\n2\n3\n10\n");
        Path second = Files.writeString(dir.resolve("b.dat"), "-1.5\n1.5\n");
        Path broken = Files.writeString(dir.resolve("c.dat"), "4\nfour\n");
        Path missing = dir.resolve("d.dat");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        List<CommandResult> results = ExternalProgramPool.run(List.of(first, second, broken, missing), 2,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(results).extracting(CommandResult::failure).containsExactly(
                FailureKind.NONE, FailureKind.NONE, FailureKind.NONZERO_EXIT, FailureKind.NONZERO_EXIT);
        assertThat(Files.readString(dir.resolve("a.out"))).isEqualTo("n=4 mean=4.000 min=1 max=10\n");
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "Opening the pool with 2 workers",
                "phstat " + first + ": n=4 mean=4.000 min=1 max=10",
                "phstat " + second + ": n=2 mean=0.000 min=-1.5 max=1.5",
                "An error has occurred for " + broken + ": sh exited with status 3: phstat: " + broken
                        + " line 2 is not a number: four",
                "An error has occurred for " + missing + ": sh exited with status 2: phstat: cannot read " + missing,
                "Closing the pool");
    }
}
