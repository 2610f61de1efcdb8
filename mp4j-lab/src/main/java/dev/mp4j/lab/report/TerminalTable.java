package dev.mp4j.lab.report;

import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.LabReport;
import dev.mp4j.lab.isolation.IsolationExperiment;

import java.util.List;

/** The tables as the terminal shows them: aligned columns, numbers right-aligned. */
public final class TerminalTable {
    private TerminalTable() {
    }

    /** An experiment's tables: same time, then same work when CPython ran. */
    public static String render(ExperimentResult result) {
        StringBuilder text = new StringBuilder("same time (mp4j, " + result.calibration().scaledWorkload() + "):\n");
        text.append(render(Tables.sameTime(result)));
        Tables.Table sameWork = Tables.sameWork(result);
        if (sameWork != null) {
            text.append("same work (the seed's size, ").append(result.calibration().seedWorkload()).append("):\n");
            text.append(render(sameWork));
        }
        return text.toString();
    }

    /** The isolation table, one block per failure (its cells are sentences). */
    public static String renderIsolation(IsolationExperiment.Result result) {
        StringBuilder text = new StringBuilder();
        for (IsolationExperiment.Row row : result.rows()) {
            text.append(Tables.shortName(row.failure())).append(":\n");
            text.append("  mp4j threads   : ").append(row.threads().describe()).append('\n');
            text.append("  mp4j processes : ").append(row.processes().describe()).append('\n');
            if (row.cpython() != null) {
                text.append("  CPython Pool   : ").append(row.cpython().describe()).append('\n');
            }
        }
        return text.toString();
    }

    /** The short key under the terminal's tables; the report's legend explains every column in full. */
    public static String key(LabReport report) {
        return "Key: time = median (fastest-slowest) of " + report.options().repeats() + " runs; start-up + work + shutdown ="
                + " until every worker is up + until the last result + stopping the workers; work speedup leaves start-up"
                + " and shutdown out; Amdahl = the work speedup its law"
                + " predicts; '!' = " + dev.mp4j.lab.Plausibility.FLAG + ". Every column is explained under 'How to read"
                + " the tables' in " + report.options().reportDirectory().resolve("index.html") + ".\n";
    }

    static String render(Tables.Table table) {
        List<String> header = table.header();
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : table.rows()) {
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
        table.rows().forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            boolean left = c == 0 || c == cells.size() - 1 && !cell.isEmpty() && Character.isLetter(cell.charAt(0));
            String padded = left ? cell + " ".repeat(widths[c] - cell.length()) : " ".repeat(widths[c] - cell.length()) + cell;
            line.append(c == 0 ? "" : " | ").append(padded);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
