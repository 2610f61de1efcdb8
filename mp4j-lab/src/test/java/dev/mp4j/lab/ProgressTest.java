package dev.mp4j.lab;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The progress estimate is weighted by what steps cost, and nothing is drawn when told not to. */
class ProgressTest {
    @Test
    void theRemainingTimeIsWeightedByMeasuredStepCost() {
        try (Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), false)) {
            progress.experiment("factorize", 30);
            progress.plan(List.of(new Progress.Step("mp4j serial", "mp4j", 1), new Progress.Step("mp4j serial", "mp4j", 1),
                    new Progress.Step("cpython serial", "CPython", 10), new Progress.Step("cpython serial", "CPython", 10)));
            assertThat(progress.remainingSeconds()).isCloseTo(1 + 1 + 10 + 10 + 30, within(1e-9));
            progress.done("mp4j serial", 2);
            // the other mp4j serial step now costs what it measured; CPython's estimates are not corrected by
            // mp4j's error; the later experiments by the error of everything measured so far (x2)
            assertThat(progress.remainingSeconds()).isCloseTo(2 + 10 + 10 + 60, within(1e-9));
            progress.done("cpython serial", 40);
            assertThat(progress.remainingSeconds()).isCloseTo(2 + 40 + 30 * (42.0 / 11), within(1e-9));
            assertThat(progress.line()).startsWith("factorize").contains("elapsed, about", "left (weighted by step cost)");
        }
    }

    @Test
    void nothingIsDrawnWhenStderrIsNotATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false)) {
            progress.experiment("io", 0);
            progress.plan(List.of(new Progress.Step("k", "mp4j", 1)));
            progress.done("k", 1);
        }
        assertThat(err.size()).isZero();
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        try (Progress progress = new Progress(new PrintStream(drawn, true, StandardCharsets.UTF_8), true)) {
            progress.experiment("io", 0);
        }
        assertThat(drawn.toString(StandardCharsets.UTF_8)).contains("io", "left (weighted by step cost)");
    }
}
