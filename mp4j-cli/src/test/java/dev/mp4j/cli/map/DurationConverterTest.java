package dev.mp4j.cli.map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsPlainSecondsAndIso() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsGarbageAndZero() {
        assertThatThrownBy(() -> converter.convert("3 days"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("like 500ms, 30s, 2m or 1h");
        assertThatThrownBy(() -> converter.convert("0s"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("longer than zero");
    }
}
