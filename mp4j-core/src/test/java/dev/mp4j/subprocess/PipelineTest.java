package dev.mp4j.subprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.mp4j.subprocess.ProcessTreeAssertions.awaitAllGone;
import static dev.mp4j.subprocess.ProcessTreeAssertions.awaitPids;
import static dev.mp4j.subprocess.ProcessTreeAssertions.killAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void connectsStagesByPipesLikeAShell() throws Exception {
        for (String name : List.of("example1.py", "example2.py", "notes.txt", "more_examples.md", "main.py")) {
            Files.createFile(dir.resolve(name));
        }

        PipelineResult result = Pipeline.builder().stage("ls -1").stage("grep example").stage("wc -l")
                .workingDirectory(dir).build().run();

        assertThat(result.stdout().strip()).isEqualTo("3");
        assertThat(result.exitCodes()).containsExactly(0, 0, 0);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.stderr()).containsExactly("", "", "");
    }

    @Test
    void reportsEveryStagesExitStatusLikePipestatus() throws Exception {
        PipelineResult result = Pipeline.of("sh -c 'echo hello; echo oops >&2; exit 3'", "tr a-z A-Z", "cat").run();

        assertThat(result.stdout()).isEqualTo("HELLO\n");
        assertThat(result.exitCodes()).containsExactly(3, 0, 0);
        assertThat(result.exitCode()).isZero();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr().getFirst()).isEqualTo("oops\n");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void acceptsArgumentListsAndAStdinFile() throws Exception {
        Path input = Files.writeString(dir.resolve("words.txt"), "b a\nc d\na z\n");

        PipelineResult result = Pipeline.builder().stage(List.of("grep", "a"))
                .stage(List.of("sort")).stdinFile(input).build().run();

        assertThat(result.stdout()).isEqualTo("a z\nb a\n");
        assertThat(Pipeline.of(List.of(List.of("echo", "a b"), List.of("wc", "-w"))).run().stdout().strip()).isEqualTo("2");
    }

    @Test
    void aMissingStageProgramFailsBeforeAnythingStarts() throws Exception {
        Path marker = dir.resolve("started");
        Pipeline pipeline = Pipeline.of("touch " + marker, "mp4j-no-such-program -x", "wc -l");

        assertThatThrownBy(pipeline::run)
                .isInstanceOfSatisfying(CommandNotFoundException.class, e -> {
                    assertThat(e.stage()).isEqualTo(2);
                    assertThat(e.program()).isEqualTo("mp4j-no-such-program");
                })
                .hasMessageContaining("pipeline stage 2 of 3")
                .hasMessageContaining("'mp4j-no-such-program' not found on PATH")
                .hasMessageContaining("no stage was started");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aTimeoutEndsEveryStagesProcessTree() throws Exception {
        Path pids = dir.resolve("pids");
        Pipeline pipeline = Pipeline.builder()
                .stage(List.of("sh", "-c", "echo $$ >> \"$0\"; sleep 300 & echo $! >> \"$0\"; wait", pids.toString()))
                .stage(List.of("sh", "-c", "echo $$ >> \"$0\"; cat", pids.toString()))
                .timeout(Duration.ofSeconds(3)).killGracePeriod(Duration.ofMillis(300)).build();
        try {
            PipelineResult result = pipeline.run();

            List<Long> tree = awaitPids(pids, 3);
            assertThat(result.timedOut()).isTrue();
            assertThat(result.succeeded()).isFalse();
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(20));
            awaitAllGone(tree);
        } finally {
            killAll(pids);
        }
    }

    @Test
    void inheritedStderrIsNotCaptured() throws Exception {
        PipelineResult result = Pipeline.builder().stage("sh -c 'echo visible-in-test-log >&2; echo out'")
                .inheritStderr(true).build().run();

        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).containsExactly("");
    }

    @Test
    void rejectsMalformedStages() {
        assertThatThrownBy(() -> Pipeline.of("ls", "grep 'unterminated"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated single quote");
        assertThatThrownBy(() -> Pipeline.of())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> Pipeline.builder().stage(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 1 is empty");
        assertThatThrownBy(() -> Pipeline.builder().stage("ls").stdinFile(dir.resolve("absent")).build().run())
                .hasMessageContaining("cannot read the pipeline's stdin file");
    }
}
