package dev.mp4j.lab.report;

import java.util.Locale;

/** How numbers appear in the tables: fixed decimals, and a dash for a figure that does not apply. */
final class Cells {
    static final String NONE = "-";

    private Cells() {
    }

    static String seconds(double value) {
        return Double.isNaN(value) ? NONE : String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.2f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%.2fx", value);
    }

    static String percent(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? NONE : String.format(Locale.ROOT, "%.0f%%", 100 * value);
    }
}
