package dev.mp4j.lab.experiment;

import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.LabOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A wrong result is refused: the lab never reports it. */
class ChecksTest {
    private static final Configuration THREADS = new Configuration(Configuration.Kind.THREADS, 2);

    @Test
    void factorizeKnowsTheSeedsChecksum() {
        Factorize factorize = new Factorize(LabOptions.builder().build());
        factorize.prepare(null);
        assertThatCode(() -> factorize.check("mp4j", THREADS, "236620913152936")).doesNotThrowAnyException();
        assertThatThrownBy(() -> factorize.check("CPython 3.11", THREADS, "236620913152935"))
                .isInstanceOf(ResultMismatchException.class)
                .hasMessage("factorize on CPython 3.11 threads 2 computed 236620913152935, expected 236620913152936:"
                        + " the lab does not report a wrong result");
    }

    @Test
    void integrationAcceptsOnlyValuesWithinTheMethodsError() {
        Integration integration = new Integration(LabOptions.builder().integrationSteps(1_000_000).build());
        assertThatCode(() -> integration.check("mp4j", THREADS, "333.332833333")).doesNotThrowAnyException();
        assertThatThrownBy(() -> integration.check("mp4j", THREADS, "333.0")).isInstanceOf(ResultMismatchException.class);
        assertThatThrownBy(() -> integration.check("mp4j", THREADS, "nan?")).isInstanceOf(ResultMismatchException.class);
    }

    @Test
    void producerConsumerCountsEveryItemExactlyOnce() {
        ProducerConsumer experiment = new ProducerConsumer(LabOptions.builder().items(50).build());
        experiment.prepare(null);
        assertThatThrownBy(() -> experiment.check("mp4j", THREADS, "49 items, factor sum 1"))
                .isInstanceOf(ResultMismatchException.class).hasMessageContaining("expected 50 items");
    }
}
