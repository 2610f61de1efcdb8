package dev.mp4j.lab;

import dev.mp4j.lab.experiment.EngineRunner;
import dev.mp4j.lab.experiment.Experiment;
import dev.mp4j.lab.experiment.Experiments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The calibration sizes serial to at least 1 s at the chosen scale, within its bounds. */
class CalibrationTest {
    /** A timer for a modelled machine: serial takes {@code perUnit * size^exponent} seconds. */
    private static Calibration.Timer model(double perUnit, List<Long> sizes) {
        return experiment -> {
            sizes.add(experiment.size());
            return new Calibration.Timed(perUnit * Math.pow(experiment.size(), experiment.costExponent()), "r" + experiment.size());
        };
    }

    private static Experiment seed(String name, LabOptions options) {
        Experiment experiment = Experiments.create(options).getFirst();
        assertThat(experiment.name()).isEqualTo(name);
        return experiment;
    }

    @Test
    void aShortSerialRunIsScaledUpToTakeAtLeastOneSecond() throws Exception {
        List<Long> sizes = new ArrayList<>();
        Experiment factorize = seed("factorize", LabOptions.builder().experiment("factorize").build());
        // 300 numbers in 0.3 s: x4.67 gives 1400 numbers, 1.4 s
        Calibration.Calibrated calibrated = Calibration.calibrate(factorize, Configuration.serial(), 1.4, model(0.001, sizes));
        assertThat(calibrated.calibration().scaledSeconds()).isGreaterThanOrEqualTo(1.0).isLessThanOrEqualTo(2.24);
        assertThat(calibrated.calibration().factor()).isCloseTo(1400 / 300.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(calibrated.experiment().size()).isEqualTo(1400);
        assertThat(calibrated.serialResult()).as("the last timed serial run is the reference").isEqualTo("r1400");
        assertThat(sizes).containsExactly(300L, 300L, 1400L);
    }

    @Test
    void theCostExponentSizesAWorkloadThatGrowsFasterThanLinearly() throws Exception {
        List<Long> sizes = new ArrayList<>();
        Experiment primes = seed("primes", LabOptions.builder().experiment("primes").primesUpTo(600_000).build());
        // 5 inputs cost 5^2.5 units: x2.38 inputs (12) cost 12^2.5 = 499 units = 1.35 s at 0.0027 s a unit
        Calibration.Calibrated calibrated = Calibration.calibrate(primes, Configuration.serial(), 1.4, model(0.0027, sizes));
        assertThat(calibrated.calibration().scaledSeconds()).isBetween(1.12, 2.24);
        assertThat(sizes).hasSize(3);
        assertThat(calibrated.experiment().workload()).isEqualTo("n in range(100000, 1300000, 100000)");
    }

    @Test
    void theFactorIsBoundedAndACappedCalibrationSaysSo() throws Exception {
        List<Long> sizes = new ArrayList<>();
        Experiment integrate = seed("integrate", LabOptions.builder().experiment("integrate").integrationSteps(10_000).build());
        // a machine so fast that x1000 still takes 10 ms
        Calibration.Calibrated calibrated = Calibration.calibrate(integrate, Configuration.serial(), 1.4, model(1e-9, sizes));
        assertThat(calibrated.calibration().factor()).isEqualTo(Calibration.MAX_FACTOR);
        assertThat(calibrated.calibration().note()).contains("capped");
        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(10_000L * 1000));
    }

    @Test
    void aSeedThatAlreadyTakesTheTargetAndAnUncalibratedExperimentKeepTheirSize() throws Exception {
        List<Long> sizes = new ArrayList<>();
        Experiment factorize = seed("factorize", LabOptions.builder().experiment("factorize").build());
        Calibration.Calibrated kept = Calibration.calibrate(factorize, Configuration.serial(), 1.4, model(0.005, sizes));
        assertThat(kept.experiment()).isSameAs(factorize);
        assertThat(kept.calibration().scaled()).isFalse();
        Experiment io = seed("io", LabOptions.builder().experiment("io").build());
        Calibration.Calibrated notTimed = Calibration.calibrate(io, Configuration.serial(), 1.4, e -> {
            throw new AssertionError("io is not timed: its serial time is requests x latency");
        });
        assertThat(notTimed.calibration().note()).contains("set by its parameters");
        Calibration.Calibrated off = Calibration.calibrate(factorize, Configuration.serial(), 0, e -> {
            throw new AssertionError("calibration off");
        });
        assertThat(off.calibration().factor()).isEqualTo(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void onThisMachineTheCalibratedSerialIntegralTakesAtLeastOneSecond() throws Exception {
        try (EngineRunner engines = new EngineRunner(null, null)) {
            Experiment integrate = seed("integrate", LabOptions.builder().experiment("integrate").build());
            // the lab's own timer: the serial run's CPU time, which the machine's load does not change
            Calibration.Timer timer = Calibration.timer(Configuration.serial(),
                    (experiment, clock) -> experiment.run(Configuration.serial(), engines, clock));
            Calibration.Calibrated calibrated = Calibration.calibrate(integrate, Configuration.serial(), 1.4, timer);
            try (Experiment scaled = calibrated.experiment()) {
                scaled.prepare(calibrated.serialResult());
                assertThat(calibrated.calibration().scaledSeconds()).isGreaterThanOrEqualTo(1.0);
                assertThat(calibrated.calibration().factor()).isBetween(1.0, Calibration.MAX_FACTOR);
                Calibration.Timed again = timer.time(scaled);
                scaled.check("mp4j", Configuration.serial(), again.result());
                assertThat(again.seconds()).as("a serial run at the chosen size, CPU time").isGreaterThanOrEqualTo(1.0);
            }
        }
    }
}
