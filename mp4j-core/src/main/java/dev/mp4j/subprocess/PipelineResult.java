package dev.mp4j.subprocess;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Pipeline} produced.
 *
 * @param exitCodes       every stage's exit status, first stage first (bash's {@code PIPESTATUS});
 *                        a stage ended by signal N reports 128 + N
 * @param stdout          the last stage's standard output
 * @param stderr          every stage's captured standard error, first stage first; empty strings when
 *                        stderr was inherited
 * @param outputTruncated true if the last stage's stdout or a stage's stderr exceeded the capture limit
 * @param timedOut        true if the pipeline ran past its timeout and every stage's process tree was ended
 * @param duration        from the start of the first stage to the end of the last one's output
 */
public record PipelineResult(
        List<Integer> exitCodes,
        String stdout,
        List<String> stderr,
        boolean outputTruncated,
        boolean timedOut,
        Duration duration) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public PipelineResult {
        exitCodes = List.copyOf(exitCodes);
        Objects.requireNonNull(stdout, "stdout");
        stderr = List.copyOf(stderr);
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * The last stage's exit status: what {@code $?} is after a pipe in a shell without
     * {@code pipefail}.
     *
     * @return the status; -1 when the stage was still alive after a timeout
     */
    public int exitCode() {
        return exitCodes.getLast();
    }

    /**
     * Whether no timeout occurred and every stage exited with 0 (a shell's {@code pipefail} view).
     *
     * @return true on success
     */
    public boolean succeeded() {
        return !timedOut && exitCodes.stream().allMatch(code -> code == 0);
    }
}
