package dev.mp4j.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.LabReport;
import dev.mp4j.lab.Measurement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a lab run's report folder: {@code index.html} showing every table and chart,
 * {@code results.md} with the same tables, {@code results.json} with every timed run, and two PNG
 * charts per experiment ({@code NAME-times.png}, {@code NAME-speedup.png}). Every file states the
 * machine and the exact command.
 */
public final class ReportWriter {
    private final LabReport report;

    public ReportWriter(LabReport report) {
        this.report = report;
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Boolean> speedupCharts = new LinkedHashMap<>();
        for (ExperimentResult result : report.results()) {
            Charts.writeTimes(result, directory.resolve(result.name() + "-times.png"));
            speedupCharts.put(result.name(), Charts.writeSpeedup(result, directory.resolve(result.name() + "-speedup.png")));
        }
        Files.writeString(directory.resolve("results.json"), json());
        Files.writeString(directory.resolve("results.md"), markdown());
        Files.writeString(directory.resolve("index.html"), html(speedupCharts));
    }

    String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", report.command());
        root.put("started", report.started().toString());
        root.put("machine", report.machine());
        root.put("repeats", report.options().repeats());
        root.put("warmups", report.options().warmups());
        root.put("notes", report.notes());
        List<Map<String, Object>> experiments = new ArrayList<>();
        for (ExperimentResult result : report.results()) {
            Map<String, Object> experiment = new LinkedHashMap<>();
            experiment.put("name", result.name());
            experiment.put("title", result.title());
            experiment.put("description", result.description());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ExperimentResult.Row row : result.rows()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("configuration", row.configuration().label());
                line.put("kind", row.configuration().kind().name());
                line.put("workers", row.configuration().workers());
                line.put("medianSeconds", finite(row.seconds()));
                line.put("speedup", finite(row.speedup()));
                line.put("efficiency", finite(row.efficiency()));
                line.put("amdahl", finite(row.amdahl()));
                line.put("seconds", result.mp4j().stream().filter(m -> m.configuration().equals(row.configuration()))
                        .findFirst().map(Measurement::seconds).orElse(List.of()));
                result.python(row.configuration()).ifPresent(python -> {
                    line.put("cpythonMedianSeconds", python.medianSeconds());
                    line.put("cpythonSeconds", python.seconds());
                    line.put("cpythonSpeedup", finite(row.pythonSpeedup()));
                    line.put("mp4jTimesFaster", finite(row.timesFaster()));
                });
                line.put("result", result.mp4j().stream().filter(m -> m.configuration().equals(row.configuration()))
                        .findFirst().map(Measurement::result).orElse(null));
                rows.add(line);
            }
            experiment.put("rows", rows);
            experiments.add(experiment);
        }
        root.put("experiments", experiments);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# mp4j lab report\n\n");
        md.append("- machine: ").append(report.machine().describe()).append('\n');
        md.append("- command: `").append(report.command()).append("`\n");
        md.append("- started: ").append(report.started()).append('\n');
        md.append("- medians of ").append(report.options().repeats()).append(" timed runs after ")
                .append(report.options().warmups()).append(" warm-up run(s)")
                .append(report.machine().python() == null ? "" : "; CPython: " + report.options().pythonRepeats()
                        + " run(s) per configuration, its default start method (fork)").append("\n");
        report.notes().forEach(note -> md.append("- note: ").append(note).append('\n'));
        for (ExperimentResult result : report.results()) {
            md.append("\n## ").append(result.name()).append(": ").append(result.title()).append("\n\n");
            md.append(result.description()).append("\n\n");
            List<String> header = TerminalTable.header(result);
            md.append("| ").append(String.join(" | ", header)).append(" |\n");
            md.append("|").append("---|".repeat(header.size())).append('\n');
            for (List<String> row : TerminalTable.body(result)) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            md.append("\n![times](").append(result.name()).append("-times.png)\n");
        }
        return md.toString();
    }

    String html(Map<String, Boolean> speedupCharts) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>mp4j lab report</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                th { background: #f2f2f2; }
                img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
                code { background: #f4f4f4; padding: 2px 4px; }
                .meta { color: #555; }
                </style>
                </head>
                <body>
                <h1>mp4j lab report</h1>
                """);
        html.append("<p class=\"meta\">Machine: ").append(escape(report.machine().describe())).append("<br>\n")
                .append("Command: <code>").append(escape(report.command())).append("</code><br>\n")
                .append("Started: ").append(escape(report.started().toString())).append("<br>\n")
                .append("Medians of ").append(report.options().repeats()).append(" timed runs after ")
                .append(report.options().warmups()).append(" warm-up run(s). Speedup and efficiency are against serial"
                        + " mp4j; Amdahl's prediction uses the parallel fraction estimated (Karp&ndash;Flatt) from each"
                        + " engine's fewest-worker run, capped by the core count.</p>\n");
        for (String note : report.notes()) {
            html.append("<p class=\"meta\">Note: ").append(escape(note)).append("</p>\n");
        }
        for (ExperimentResult result : report.results()) {
            html.append("<h2 id=\"").append(escape(result.name())).append("\">").append(escape(result.name())).append(": ")
                    .append(escape(result.title())).append("</h2>\n<p>").append(escape(result.description())).append("</p>\n");
            html.append("<table>\n<tr>");
            for (String cell : TerminalTable.header(result)) {
                html.append("<th>").append(escape(cell)).append("</th>");
            }
            html.append("</tr>\n");
            for (List<String> row : TerminalTable.body(result)) {
                html.append("<tr>");
                for (String cell : row) {
                    html.append("<td>").append(escape(cell)).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
            html.append("<img src=\"").append(result.name()).append("-times.png\" alt=\"").append(escape(result.name()))
                    .append(" elapsed times\">\n");
            if (speedupCharts.getOrDefault(result.name(), false)) {
                html.append("<img src=\"").append(result.name()).append("-speedup.png\" alt=\"").append(escape(result.name()))
                        .append(" speedup against workers\">\n");
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
