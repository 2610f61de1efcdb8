package dev.mp4j.pool;

import dev.mp4j.testing.JavaProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's result or arguments over the frame limit ({@code -Dmp4j.maxFrameBytes}, 256 MiB by
 * default; 1 MiB here) fail that task with the size, the limit and the remedies, and the worker
 * serves on. A result over the limit used to be refused by the parent from its frame header, which
 * closed the connection: the task failed as "worker died with exit code 0" and the worker was lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FrameLimitTest {
    @Test
    void aResultOrArgumentOverTheFrameLimitFailsItsTaskAndTheWorkerServesOn() throws Exception {
        String output = JavaProgram.run(FrameLimitCheck.class, List.of("-Dmp4j.maxFrameBytes=1048576"), Map.of());
        assertThat(output).contains("result refused:", "the task's result encodes to", "over the frame limit of 1048576 bytes",
                        "SharedMemory", "same worker after the result: true",
                        "argument refused:", "the task's arguments encode to", "same worker after the argument: true")
                .doesNotContain("died with exit code", "came back", "went out");
    }
}
