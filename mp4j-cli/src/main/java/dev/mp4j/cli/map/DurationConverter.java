package dev.mp4j.cli.map;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people type them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a plain
 * number of seconds ({@code 30}, as GNU parallel's {@code --timeout}) or ISO-8601 ({@code PT1M30S}).
 * Stateless and thread-safe.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String text) {
        String trimmed = text.strip();
        Matcher matcher = AMOUNT.matcher(trimmed);
        Duration duration;
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            long millisPerUnit = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            duration = Duration.ofMillis(Math.round(amount * millisPerUnit));
        } else {
            try {
                duration = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("invalid duration '" + text
                        + "': use a number with a unit, like 500ms, 30s, 2m or 1h");
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("invalid duration '" + text + "': it must be longer than zero");
        }
        return duration;
    }
}
