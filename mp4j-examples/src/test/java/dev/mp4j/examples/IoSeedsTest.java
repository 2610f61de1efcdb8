package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The download programs of seeds 000 and 004 (against a local server) and the factorials of 004. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class IoSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);

    private static String listed(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        return name + " (" + DownloadServer.sizeOf(url.replaceFirst("https?://[^/]+", "")) + " bytes)";
    }

    @Test
    void sequentialDownloadFetchesAllFiveImages(@TempDir Path directory) throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadIOSeq.class, LIMIT, 0.02, List.of(directory.toString()));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Time: \\d+\\.\\d+(E-\\d+)?");
        assertThat(lines.get(1)).isEqualTo("Downloaded: " + String.join(", ",
                ThreadIOSeq.URLS.stream().sorted(java.util.Comparator.comparing(u -> u.substring(u.lastIndexOf('/') + 1)))
                        .map(IoSeedsTest::listed).toList()));
        try (var files = Files.list(directory)) {
            assertThat(files).hasSize(5);
        }
    }

    @Test
    void threadedDownloadFetchesTheFourImagesTheSeedsThreadsAskFor(@TempDir Path directory) throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadIO.class, LIMIT, 0.02, List.of(directory.toString()));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Time: \\d+\\.\\d+(E-\\d+)?");
        assertThat(lines.get(1)).isEqualTo("Downloaded: " + String.join(", ",
                ThreadIOSeq.URLS.subList(0, 4).stream().sorted(java.util.Comparator.comparing(u -> u.substring(u.lastIndexOf('/') + 1)))
                        .map(IoSeedsTest::listed).toList()));
    }

    @Test
    void eachDownloadThreadStartsAndFinishesItsFile(@TempDir Path directory) throws Exception {
        List<String> lines = SeedProgramRunner.run(ThreadedDownloads.class, LIMIT, 0.02, List.of(directory.toString()));
        assertThat(lines).hasSize(7);
        for (String name : List.of("README.md", "RELEASE.md", "SECURITY.md")) {
            assertThat(lines).containsSubsequence(
                    lines.stream().filter(l -> l.startsWith("Starting download: ") && l.endsWith("/" + name)).findFirst().orElseThrow(),
                    lines.stream().filter(l -> l.startsWith("Finished download: ") && l.endsWith("/" + name)).findFirst().orElseThrow());
            assertThat(directory.resolve(name)).hasSize(DownloadServer.sizeOf("/tensorflow/tensorflow/blob/master/" + name));
        }
        assertThat(lines.getLast()).matches("Downloaded 3 files in \\d+\\.\\d+(E-\\d+)? seconds");
    }

    @Test
    void fiveThreadsPrintTheFactorialsOfZeroToFour() throws Exception {
        assertThat(SeedProgramRunner.run(FactorialThreads.class, LIMIT)).containsExactlyInAnyOrder("1", "1", "2", "6", "24");
    }

    @Test
    void fiveProcessesPrintTheFactorialsOfZeroToFour() throws Exception {
        assertThat(SeedProgramRunner.run(FactorialProcesses.class, LIMIT)).containsExactlyInAnyOrder("1", "1", "2", "6", "24");
    }
}
