package dev.mp4j.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AmdahlTest {
    @Test
    void speedupFollowsAmdahlsLawCappedByTheCores() {
        assertThat(Amdahl.speedup(1.0, 4, 8)).isCloseTo(4.0, within(1e-12));
        assertThat(Amdahl.speedup(0.5, 2, 8)).isCloseTo(1 / (0.5 + 0.25), within(1e-12));
        assertThat(Amdahl.speedup(0.9, 8, 2)).as("8 workers on 2 cores run like 2")
                .isCloseTo(Amdahl.speedup(0.9, 2, 2), within(1e-12));
        assertThat(Amdahl.speedup(0.0, 8, 8)).isEqualTo(1.0);
    }

    @Test
    void karpFlattInvertsAmdahl() {
        for (double p : new double[] {0.0, 0.3, 0.75, 0.95, 1.0}) {
            double measured = Amdahl.speedup(p, 4, 4);
            assertThat(Amdahl.parallelFraction(measured, 4, 4)).isCloseTo(p, within(1e-9));
        }
        assertThat(Amdahl.parallelFraction(0.5, 2, 2)).as("a slowdown means no parallel fraction").isZero();
        assertThat(Amdahl.parallelFraction(3.0, 2, 2)).as("superlinear is clamped").isEqualTo(1.0);
        assertThat(Amdahl.parallelFraction(1.7, 4, 1)).as("one core tells nothing").isZero();
    }
}
