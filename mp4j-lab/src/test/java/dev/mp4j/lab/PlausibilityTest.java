package dev.mp4j.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flagging rule: impossible speedups are flagged in the rows, plausible ones are not. */
class PlausibilityTest {
    private static final Configuration SERIAL = Configuration.serial();
    private static final Configuration THREADS_2 = new Configuration(Configuration.Kind.THREADS, 2);
    private static final Configuration THREADS_8 = new Configuration(Configuration.Kind.THREADS, 8);
    private static final Configuration PROCESSES_8 = new Configuration(Configuration.Kind.PROCESSES, 8);

    @Test
    void aCpuBoundSpeedupAboveTheCoreCountIsFlaggedAsPrintedWithTwoDecimals() {
        assertThat(Plausibility.check(true, false, true, THREADS_8, 2.27, 2)).contains("2.27x is above the 2 cores");
        assertThat(Plausibility.check(true, true, true, PROCESSES_8, 6.54, 2)).isPresent();
        assertThat(Plausibility.check(true, false, true, THREADS_8, 2.004, 2)).as("prints as 2.00x: not above").isEmpty();
        assertThat(Plausibility.check(true, false, true, THREADS_8, 1.93, 2)).isEmpty();
        assertThat(Plausibility.check(true, false, true, THREADS_8, 6.5, 8)).as("8 cores allow it").isEmpty();
    }

    @Test
    void cpythonThreadsAboveTheGilLimitAreFlaggedOnlyWithTheGilAndOnlyOnCpuWork() {
        assertThat(Plausibility.check(true, true, true, THREADS_2, 1.52, 2)).hasValueSatisfying(
                why -> assertThat(why).contains("1.52x", "GIL"));
        assertThat(Plausibility.check(true, true, true, THREADS_2, 1.12, 2)).isEmpty();
        assertThat(Plausibility.check(true, true, false, THREADS_2, 1.52, 2)).as("free-threaded CPython").isEmpty();
        assertThat(Plausibility.check(true, false, true, THREADS_2, 1.52, 2)).as("mp4j has no GIL").isEmpty();
        assertThat(Plausibility.check(false, true, true, THREADS_8, 6.8, 2)).as("waiting overlaps: io is exempt").isEmpty();
        assertThat(Plausibility.check(true, true, true, SERIAL, 9, 2)).isEmpty();
    }

    @Test
    void rowsCarryTheFlagForTheTotalOrTheWorkSpeedup() {
        Measurement serial = Measurement.of(SERIAL, "mp4j", List.of(1.0, 1.0, 1.0), "r");
        Measurement threads = Measurement.of(THREADS_8, "mp4j", List.of(0.40, 0.41, 0.42), "r");
        // 0.9 s in all, 0.8 s of it starting workers: the work speedup, 1 / 0.1, is impossible on 2 cores
        Measurement processes = new Measurement(PROCESSES_8, "mp4j", List.of(0.9, 0.9, 0.9), List.of(0.8, 0.8, 0.8),
                List.of(0.0, 0.0, 0.0), "r", Measurement.Remeasure.REPLACED);
        Measurement fine = Measurement.of(new Configuration(Configuration.Kind.THREADS, 2), "mp4j", List.of(0.55, 0.52, 0.6), "r");
        ExperimentResult result = new ExperimentResult("x", "x", "x", true, 2,
                new Calibration(1, "w", "w", Double.NaN, Double.NaN, 0, "serial", "n"), 0, 0,
                List.of(serial, fine, threads, processes), List.of(), List.of(), true, new MachineLoad(0, 0, 0));
        assertThat(result.rows()).extracting(ExperimentResult.Row::flag).containsExactly(null, null,
                "2.44x is above the 2 cores", "work speedup 10.00x is above the 2 cores");
        assertThat(result.flaggedScaled()).containsExactly(THREADS_8, PROCESSES_8);
    }
}
