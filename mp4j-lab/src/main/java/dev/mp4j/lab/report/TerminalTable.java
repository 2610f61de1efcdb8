package dev.mp4j.lab.report;

import dev.mp4j.lab.ExperimentResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The table printed after each experiment: time, speedup, efficiency and Amdahl's prediction
 * against serial, and the CPython twin's columns when it ran.
 */
public final class TerminalTable {
    private TerminalTable() {
    }

    /** The header cells, in column order. */
    static List<String> header(ExperimentResult result) {
        List<String> header = new ArrayList<>(List.of("configuration", "time (s)", "speedup", "efficiency", "Amdahl"));
        if (!result.python().isEmpty()) {
            header.addAll(List.of("CPython (s)", "CPython speedup", "mp4j vs CPython"));
        }
        return header;
    }

    /** The body cells, one list per row. */
    static List<List<String>> body(ExperimentResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentResult.Row row : result.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.configuration().label(), Cells.seconds(row.seconds()),
                    Cells.ratio(row.speedup()), Cells.percent(row.efficiency()), Cells.ratio(row.amdahl())));
            if (!result.python().isEmpty()) {
                cells.addAll(List.of(Cells.seconds(row.pythonSeconds()), Cells.ratio(row.pythonSpeedup()),
                        Double.isNaN(row.timesFaster()) ? Cells.NONE : Cells.ratio(row.timesFaster()) + " faster"));
            }
            rows.add(cells);
        }
        return rows;
    }

    public static String render(ExperimentResult result) {
        List<String> header = header(result);
        List<List<String>> body = body(result);
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : body) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        text.append(rule).append('\n');
        body.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padded = c == 0 ? cell + " ".repeat(widths[c] - cell.length())
                    : " ".repeat(widths[c] - cell.length()) + cell;
            text.append(c == 0 ? "" : " | ").append(padded);
        }
        text.append('\n');
    }
}
