package dev.mp4j.lab;

import java.util.Locale;

/**
 * How numbers appear in tables, charts and conclusions: fixed decimals, and a dash for a figure
 * that does not apply. One place, so a conclusion cites a figure exactly as the table prints it.
 */
public final class Figures {
    public static final String NONE = "-";

    private Figures() {
    }

    /** Seconds: 5 decimals below 10 ms (a loop of a few microseconds is not "0.000"), 3 below 10 s, then 2, then 1. */
    public static String seconds(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NONE;
        }
        return String.format(Locale.ROOT, value < 0.01 ? "%.5f" : value < 10 ? "%.3f" : value < 100 ? "%.2f" : "%.1f", value);
    }

    /** "1.93x". */
    public static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** A fraction as a percentage: "97%". */
    public static String percent(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%.0f%%", 100 * value);
    }

    /** Items per second: "2.15 M items/s", "230.4 k items/s", "950 items/s". */
    public static String rate(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NONE;
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M items/s", value / 1e6);
        }
        return value >= 1e3 ? String.format(Locale.ROOT, "%.1f k items/s", value / 1e3)
                : String.format(Locale.ROOT, "%.0f items/s", value);
    }

    /** "3.20x faster" or "1.50x slower", from the other side's time divided by mp4j's. */
    public static String comparison(double otherOverMp4j) {
        if (Double.isNaN(otherOverMp4j) || Double.isInfinite(otherOverMp4j) || otherOverMp4j <= 0) {
            return NONE;
        }
        return otherOverMp4j >= 1 ? ratio(otherOverMp4j) + " faster" : ratio(1 / otherOverMp4j) + " slower";
    }

    /** The median and the range of a measurement: "1.234 (1.201-1.310)", or the median alone for one run. */
    public static String medianAndRange(Measurement measurement) {
        String median = seconds(measurement.medianSeconds());
        return measurement.seconds().size() < 2 ? median
                : median + " (" + seconds(measurement.minSeconds()) + "-" + seconds(measurement.maxSeconds()) + ")";
    }

    /** "0.412 + 0.780 + 0.101" (start-up + work + shutdown), or a dash for runs that start no workers. */
    public static String phases(Measurement measurement) {
        if (!measurement.hasStartup()) {
            return NONE;
        }
        return seconds(measurement.medianStartupSeconds()) + " + " + seconds(measurement.medianWorkSeconds())
                + (measurement.hasShutdown() ? " + " + seconds(measurement.medianShutdownSeconds()) : "");
    }
}
