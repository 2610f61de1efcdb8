package dev.mp4j.examples;

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
class SubprocessPipelineTest {
    @TempDir
    Path dir;

    @Test
    void printsHowManyEntriesNameAnExample() throws Exception {
        for (String name : List.of("example_pool.py", "queue_example.py", "examples", "notes.md", "Example.txt")) {
            Files.createFile(dir.resolve(name));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SubprocessPipeline.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("Found 3 code examples" + System.lineSeparator());
    }

    @Test
    void countsZeroWhenNothingMatches() throws Exception {
        Files.createFile(dir.resolve("readme"));

        assertThat(SubprocessPipeline.countExamples(dir)).isZero();
    }
}
