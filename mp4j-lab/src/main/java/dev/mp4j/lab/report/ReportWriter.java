package dev.mp4j.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mp4j.lab.Conclusions;

import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Figures;
import dev.mp4j.lab.LabReport;
import dev.mp4j.lab.MachineLoad;
import dev.mp4j.lab.Measurement;
import dev.mp4j.lab.Plausibility;
import dev.mp4j.lab.isolation.IsolationExperiment;
import dev.mp4j.lab.isolation.IsolationProbe;
import dev.mp4j.lab.isolation.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a lab run's report folder: {@code index.html} (conclusions first, a table of contents,
 * every table and chart, the legend), {@code results.md} with the same content, {@code results.json}
 * with every timed run and every figure the conclusions cite, and the PNG charts of each experiment
 * ({@code NAME-times.png}, and {@code NAME-speedup.png} or {@code NAME-throughput.png}). Every file
 * states the machine, its load and the exact command.
 */
public final class ReportWriter {
    private final LabReport report;

    public ReportWriter(LabReport report) {
        this.report = report;
    }

    /** The charts written for one experiment, by file name, in display order. */
    private record ChartFiles(String times, String second, String secondAlt) {
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, ChartFiles> charts = new LinkedHashMap<>();
        for (ExperimentResult result : report.results()) {
            String times = result.name() + "-times.png";
            Charts.writeTimes(result, directory.resolve(times));
            String second = null;
            String alt = null;
            if (Charts.writeSpeedup(result, directory.resolve(result.name() + "-speedup.png"))) {
                second = result.name() + "-speedup.png";
                alt = "speedup against workers";
            } else if (Charts.writeThroughput(result, directory.resolve(result.name() + "-throughput.png"))) {
                second = result.name() + "-throughput.png";
                alt = "throughput in items per second";
            }
            charts.put(result.name(), new ChartFiles(times, second, alt));
        }
        Files.writeString(directory.resolve("results.json"), json());
        Files.writeString(directory.resolve("results.md"), markdown(charts));
        Files.writeString(directory.resolve("index.html"), html(charts));
    }

    // ------------------------------------------------------------------ JSON

    String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", report.command());
        root.put("started", report.started().toString());
        root.put("durationSeconds", report.duration().toMillis() / 1000.0);
        Map<String, Object> durations = new LinkedHashMap<>();
        report.durations().forEach((name, d) -> durations.put(name, d.toMillis() / 1000.0));
        root.put("experimentSeconds", durations);
        root.put("machine", report.machine());
        root.put("load", load(report.load()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("repeats", report.options().repeats());
        settings.put("warmups", report.options().warmups());
        settings.put("serialSeconds", report.options().serialSeconds());
        settings.put("workers", report.options().workers());
        settings.put("pythonRepeats", report.options().pythonRepeats());
        settings.put("pythonWorkers", report.options().pythonWorkers());
        settings.put("amdahlTolerancePercent", ExperimentResult.AMDAHL_TOLERANCE_PERCENT);
        settings.put("gilThreadLimit", Plausibility.GIL_THREAD_LIMIT);
        settings.put("flag", Plausibility.FLAG);
        root.put("settings", settings);
        root.put("notes", report.notes());
        root.put("conclusions", report.headlines());
        List<Map<String, Object>> experiments = new ArrayList<>();
        for (ExperimentResult result : report.results()) {
            experiments.add(experimentJson(result));
        }
        root.put("experiments", experiments);
        if (report.isolation() != null) {
            root.put("isolation", isolationJson(report.isolation()));
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> load(MachineLoad load) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("loadAverageAtStart", finite(load.loadAtStart()));
        map.put("loadAverageAtEnd", finite(load.loadAtEnd()));
        map.put("stealPercent", finite(load.stealPercent()));
        return map;
    }

    private static Map<String, Object> experimentJson(ExperimentResult result) {
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("name", result.name());
        experiment.put("title", result.title());
        experiment.put("description", result.description());
        experiment.put("cpuBound", result.cpuBound());
        experiment.put("cores", result.cores());
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("factor", result.calibration().factor());
        calibration.put("seedWorkload", result.calibration().seedWorkload());
        calibration.put("scaledWorkload", result.calibration().scaledWorkload());
        calibration.put("configuration", result.calibration().configuration());
        calibration.put("seedSeconds", finite(result.calibration().seedSeconds()));
        calibration.put("scaledSeconds", finite(result.calibration().scaledSeconds()));
        calibration.put("targetSeconds", result.calibration().targetSeconds());
        calibration.put("note", result.calibration().note());
        experiment.put("calibration", calibration);
        experiment.put("load", load(result.load()));
        Map<String, Object> fractions = new LinkedHashMap<>();
        result.parallelFractions().forEach((kind, p) -> fractions.put(kind.name(), p));
        experiment.put("parallelFractions", fractions);
        experiment.put("pythonGil", result.pythonGil());
        experiment.put("conclusions", Conclusions.of(result));
        Map<String, Object> sameTime = new LinkedHashMap<>();
        sameTime.put("workload", result.calibration().scaledWorkload());
        sameTime.put("items", result.scaledItems());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExperimentResult.Row row : result.rows()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("configuration", row.configuration().label());
            line.put("kind", row.configuration().kind().name());
            line.put("workers", row.configuration().workers());
            line.putAll(measurementJson(row.measurement()));
            line.put("speedup", finite(row.speedup()));
            line.put("workSpeedup", finite(row.workSpeedup()));
            line.put("efficiency", finite(row.efficiency()));
            line.put("amdahl", finite(row.amdahl()));
            line.put("throughput", finite(row.throughput()));
            line.put("breakEvenSerialSeconds", finite(row.breakEvenSeconds()));
            line.put("flag", row.flag());
            line.put("result", row.measurement().result());
            rows.add(line);
        }
        sameTime.put("rows", rows);
        experiment.put("sameTime", sameTime);
        List<ExperimentResult.Comparison> comparisons = result.comparisons();
        if (!comparisons.isEmpty()) {
            Map<String, Object> sameWork = new LinkedHashMap<>();
            sameWork.put("workload", result.calibration().seedWorkload());
            sameWork.put("items", result.seedItems());
            List<Map<String, Object>> lines = new ArrayList<>();
            for (ExperimentResult.Comparison c : comparisons) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("configuration", c.configuration().label());
                line.put("kind", c.configuration().kind().name());
                line.put("workers", c.configuration().workers());
                if (c.mp4j() != null) {
                    Map<String, Object> mp4j = measurementJson(c.mp4j());
                    mp4j.put("speedup", finite(c.mp4jSpeedup()));
                    mp4j.put("workSpeedup", finite(c.mp4jWorkSpeedup()));
                    mp4j.put("throughput", finite(c.mp4jThroughput()));
                    mp4j.put("flag", c.mp4jFlag());
                    line.put("mp4j", mp4j);
                }
                Map<String, Object> python = measurementJson(c.python());
                python.put("runtime", c.python().runtime());
                python.put("speedup", finite(c.pythonSpeedup()));
                python.put("workSpeedup", finite(c.pythonWorkSpeedup()));
                python.put("throughput", finite(c.pythonThroughput()));
                python.put("flag", c.pythonFlag());
                line.put("cpython", python);
                line.put("mp4jTimesFaster", finite(c.timesFaster()));
                if (c.timesFaster() < 1) {
                    line.put("mp4jTimesSlower", finite(1 / c.timesFaster()));
                }
                lines.add(line);
            }
            sameWork.put("rows", lines);
            experiment.put("sameWork", sameWork);
        }
        return experiment;
    }

    private static Map<String, Object> measurementJson(Measurement m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("medianSeconds", m.medianSeconds());
        map.put("minSeconds", m.minSeconds());
        map.put("maxSeconds", m.maxSeconds());
        map.put("seconds", m.seconds());
        map.put("startupSeconds", m.startupSeconds().stream().map(ReportWriter::finite).toList());
        map.put("shutdownSeconds", m.shutdownSeconds().stream().map(ReportWriter::finite).toList());
        map.put("medianStartupSeconds", finite(m.medianStartupSeconds()));
        map.put("medianShutdownSeconds", finite(m.medianShutdownSeconds()));
        map.put("medianWorkSeconds", m.medianWorkSeconds());
        map.put("remeasured", m.remeasure().name().toLowerCase(java.util.Locale.ROOT));
        return map;
    }

    private static Map<String, Object> isolationJson(IsolationExperiment.Result isolation) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("others", IsolationProbe.OTHERS);
        map.put("timeoutSeconds", IsolationProbe.TIMEOUT.toSeconds());
        map.put("heapMb", IsolationProbe.HEAP_MB);
        map.put("failures", isolation.rows().size());
        Map<String, Map<String, Integer>> verdicts = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (IsolationExperiment.Row row : isolation.rows()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("failure", row.failure().argument());
            line.put("description", row.failure().description());
            Map<String, Object> outcomes = new LinkedHashMap<>();
            outcomes.put("threads", outcomeJson(row.threads(), "threads", verdicts));
            outcomes.put("processes", outcomeJson(row.processes(), "processes", verdicts));
            if (row.cpython() != null) {
                outcomes.put("cpython", outcomeJson(row.cpython(), "cpython", verdicts));
            }
            line.put("outcomes", outcomes);
            rows.add(line);
        }
        map.put("rows", rows);
        map.put("verdictCounts", verdicts);
        map.put("conclusion", isolation.conclusion());
        return map;
    }

    private static Map<String, Object> outcomeJson(Outcome outcome, String runtime, Map<String, Map<String, Integer>> counts) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("verdict", outcome.verdict().label());
        map.put("failingTask", outcome.failingTask());
        map.put("othersCompleted", outcome.othersCompleted());
        map.put("others", outcome.others());
        map.put("usableAfter", outcome.usableAfter());
        map.put("stillRunning", outcome.stillRunning());
        map.put("exitStatus", outcome.exitStatus());
        map.put("seconds", outcome.seconds());
        map.put("text", outcome.describe());
        Map<String, Integer> byVerdict = counts.computeIfAbsent(runtime, r -> {
            Map<String, Integer> zero = new LinkedHashMap<>();
            for (Outcome.Verdict v : Outcome.Verdict.values()) {
                zero.put(v.label(), 0);
            }
            return zero;
        });
        byVerdict.merge(outcome.verdict().label(), 1, Integer::sum);
        return map;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    // ------------------------------------------------------------------ Markdown

    String markdown(Map<String, ChartFiles> charts) {
        StringBuilder md = new StringBuilder("# mp4j lab report\n\n");
        md.append("- machine: ").append(report.machine().describe()).append('\n');
        md.append("- command: `").append(report.command()).append("`\n");
        md.append("- started: ").append(report.started()).append(", took ")
                .append(minutes(report.duration().toMillis() / 1000.0)).append(durations()).append('\n');
        md.append("- ").append(report.load().describe()).append(" over the whole run")
                .append(report.load().busy(report.machine().cores()) ? " (busy: timings are high and noisy)" : "").append('\n');
        md.append("- ").append(runs()).append('\n');
        report.notes().forEach(note -> md.append("- note: ").append(note).append('\n'));
        md.append("- also here: [index.html](index.html), [results.json](results.json) (every timed run)\n");
        md.append("\n## Conclusions\n\n");
        report.headlines().forEach(h -> md.append("- ").append(h).append('\n'));
        md.append("\n## Contents\n\n");
        for (ExperimentResult result : report.results()) {
            md.append("- [").append(result.name()).append("](#").append(result.name()).append(")\n");
        }
        if (report.isolation() != null) {
            md.append("- [isolation](#isolation)\n");
        }
        md.append("- [How to read the tables](#how-to-read-the-tables)\n");
        for (ExperimentResult result : report.results()) {
            md.append("\n<a id=\"").append(result.name()).append("\"></a>\n## ").append(result.name()).append(": ")
                    .append(result.title()).append("\n\n");
            Conclusions.of(result).forEach(c -> md.append("- ").append(c).append('\n'));
            md.append('\n').append(result.description()).append("\n\n");
            md.append("Size: ").append(sizes(result)).append(". ").append(result.load().describe()).append(".\n\n");
            md.append("**Same time** (mp4j, ").append(result.calibration().scaledWorkload()).append(")\n\n");
            md.append(markdownTable(Tables.sameTime(result)));
            ChartFiles files = charts.get(result.name());
            md.append("\n![").append(result.name()).append(" times](").append(files.times()).append(")\n");
            if (files.second() != null) {
                md.append("\n![").append(result.name()).append(' ').append(files.secondAlt()).append("](")
                        .append(files.second()).append(")\n");
            }
            Tables.Table sameWork = Tables.sameWork(result);
            if (sameWork != null) {
                md.append("\n**Same work** (the seed's size, ").append(result.calibration().seedWorkload()).append(")\n\n");
                md.append(markdownTable(sameWork));
            }
        }
        if (report.isolation() != null) {
            md.append("\n<a id=\"isolation\"></a>\n## isolation: a failing task on threads, processes and CPython's Pool\n\n");
            md.append("- ").append(report.isolation().conclusion()).append("\n\n");
            md.append(markdownTable(Tables.isolation(report.isolation())));
        }
        md.append("\n<a id=\"how-to-read-the-tables\"></a>\n## How to read the tables\n\n");
        Tables.legend(report).forEach((term, text) -> md.append("- **").append(term).append("**: ").append(text).append('\n'));
        return md.toString();
    }

    private static String markdownTable(Tables.Table table) {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", table.header().stream().map(ReportWriter::cell).toList())).append(" |\n");
        md.append("|").append("---|".repeat(table.header().size())).append('\n');
        for (List<String> row : table.rows()) {
            md.append("| ").append(String.join(" | ", row.stream().map(ReportWriter::cell).toList())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private String runs() {
        String text = "medians of " + report.options().repeats() + " timed runs after " + report.options().warmups()
                + " warm-up run(s), interleaved round by round";
        if (report.machine().python() != null) {
            text += "; CPython: " + report.options().pythonRepeats() + " runs per configuration, interleaved with its serial"
                    + " runs, its default start method (fork)";
        }
        return text;
    }

    private static String sizes(ExperimentResult result) {
        var c = result.calibration();
        if (!c.scaled()) {
            return c.seedWorkload() + " for both views (" + c.note() + ")";
        }
        return String.format(Locale.ROOT, "same time %s, x%.2f the seed's size (calibrated: %s %s s %s at the seed's size,"
                        + " %s s scaled, aiming at %s s; %s); same work %s", c.scaledWorkload(), c.factor(), c.configuration(),
                Figures.seconds(c.seedSeconds()), c.timed(), Figures.seconds(c.scaledSeconds()), c.targetSeconds(), c.note(),
                c.seedWorkload());
    }

    /** " (factorize 1 min 31 s, primes ...)", or nothing when no experiment ran. */
    private String durations() {
        if (report.durations().isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", report.durations().entrySet().stream()
                .map(e -> e.getKey() + " " + minutes(e.getValue().toMillis() / 1000.0)).toList()) + ")";
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    // ------------------------------------------------------------------ HTML

    String html(Map<String, ChartFiles> charts) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>mp4j lab report</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.4; }
                table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
                th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; vertical-align: top; }
                td { white-space: nowrap; }
                th:first-child, td:first-child { text-align: left; }
                td.text, th.text { text-align: left; white-space: normal; }
                table.outcomes td { white-space: normal; text-align: left; width: 25%; }
                table.outcomes th { text-align: left; }
                th { background: #f2f2f2; }
                tr.flagged td { background: #fde8e8; }
                img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
                code { background: #f4f4f4; padding: 2px 4px; }
                .meta { color: #555; }
                .conclusions { background: #f3f8fd; border-left: 4px solid #1f77b4; padding: 0.4em 1em 0.4em 2.2em; }
                div.conclusions { padding-left: 1em; }
                .flag { color: #b00000; font-weight: bold; }
                dt { font-weight: bold; margin-top: 0.4em; }
                nav ul { columns: 2; }
                </style>
                </head>
                <body>
                <h1>mp4j lab report</h1>
                """);
        html.append("<p class=\"meta\">Machine: ").append(escape(report.machine().describe())).append("<br>\n")
                .append("Command: <code>").append(escape(report.command())).append("</code><br>\n")
                .append("Started: ").append(escape(report.started().toString())).append(", took ")
                .append(minutes(report.duration().toMillis() / 1000.0)).append(escape(durations())).append("<br>\n")
                .append(escape(report.load().describe())).append(" over the whole run")
                .append(report.load().busy(report.machine().cores()) ? " <span class=\"flag\">(busy: timings are high and noisy)</span>" : "")
                .append("<br>\n").append(escape(runs())).append("<br>\n")
                .append("Also here: <a href=\"results.md\">results.md</a>, <a href=\"results.json\">results.json</a>"
                        + " (every timed run)</p>\n");
        for (String note : report.notes()) {
            html.append("<p class=\"meta\">Note: ").append(escape(note)).append("</p>\n");
        }
        html.append("<div class=\"conclusions\" id=\"conclusions\">\n<h2>Conclusions</h2>\n<ul>\n");
        for (String headline : report.headlines()) {
            html.append("<li>").append(escape(headline)).append("</li>\n");
        }
        html.append("</ul>\n</div>\n<nav>\n<h2>Contents</h2>\n<ul>\n");
        for (ExperimentResult result : report.results()) {
            html.append("<li><a href=\"#").append(escape(result.name())).append("\">").append(escape(result.name()))
                    .append(": ").append(escape(result.title())).append("</a></li>\n");
        }
        if (report.isolation() != null) {
            html.append("<li><a href=\"#isolation\">isolation: a failing task on threads, processes and CPython's Pool</a></li>\n");
        }
        html.append("<li><a href=\"#legend\">How to read the tables</a></li>\n")
                .append("<li><a href=\"results.md\">results.md</a> and <a href=\"results.json\">results.json</a></li>\n")
                .append("</ul>\n</nav>\n");
        for (ExperimentResult result : report.results()) {
            html.append("<h2 id=\"").append(escape(result.name())).append("\">").append(escape(result.name())).append(": ")
                    .append(escape(result.title())).append("</h2>\n<ul class=\"conclusions\">\n");
            for (String conclusion : Conclusions.of(result)) {
                html.append("<li>").append(highlightFlag(escape(conclusion))).append("</li>\n");
            }
            html.append("</ul>\n<p>").append(escape(result.description())).append("</p>\n");
            html.append("<p class=\"meta\">Size: ").append(escape(sizes(result))).append(".<br>")
                    .append(escape(result.load().describe()))
                    .append(result.load().busy(result.cores()) ? " <span class=\"flag\">(busy)</span>" : "").append(".</p>\n");
            html.append("<h3>Same time (mp4j, ").append(escape(result.calibration().scaledWorkload())).append(")</h3>\n");
            htmlTable(html, Tables.sameTime(result), null);
            ChartFiles files = charts.get(result.name());
            html.append("<img src=\"").append(files.times()).append("\" alt=\"").append(escape(result.name()))
                    .append(" elapsed times\">\n");
            if (files.second() != null) {
                html.append("<img src=\"").append(files.second()).append("\" alt=\"").append(escape(result.name())).append(' ')
                        .append(escape(files.secondAlt())).append("\">\n");
            }
            Tables.Table sameWork = Tables.sameWork(result);
            if (sameWork != null) {
                html.append("<h3>Same work (the seed's size, ").append(escape(result.calibration().seedWorkload()))
                        .append("): mp4j beside CPython</h3>\n");
                htmlTable(html, sameWork, null);
            }
        }
        if (report.isolation() != null) {
            html.append("<h2 id=\"isolation\">isolation: a failing task on threads, processes and CPython's Pool</h2>\n");
            html.append("<ul class=\"conclusions\"><li>").append(escape(report.isolation().conclusion())).append("</li></ul>\n");
            html.append("<p>Each failing task runs among ").append(IsolationProbe.OTHERS).append(" ordinary tasks on a pool of 2,"
                    + " every task with a ").append(IsolationProbe.TIMEOUT.toSeconds()).append(" s timeout. The thread pool's"
                    + " batches run in a throwaway JVM the lab starts for each, so that a task calling System.exit ends that"
                    + " JVM, not the lab; the process pool's batches run inside the lab's own JVM.</p>\n");
            htmlTable(html, Tables.isolation(report.isolation()), "outcomes");
        }
        html.append("<h2 id=\"legend\">How to read the tables</h2>\n<dl>\n");
        Tables.legend(report).forEach((term, text) -> html.append("<dt>").append(escape(term)).append("</dt><dd>")
                .append(highlightFlag(escape(text))).append("</dd>\n"));
        html.append("</dl>\n</body>\n</html>\n");
        return html.toString();
    }

    /** A table; in an "outcomes" table each cell's verdict (the text before the first colon) is bold. */
    private static void htmlTable(StringBuilder html, Tables.Table table, String cssClass) {
        boolean outcomes = "outcomes".equals(cssClass);
        html.append(cssClass == null ? "<table>" : "<table class=\"" + cssClass + "\">").append("\n<tr>");
        for (String cell : table.header()) {
            html.append(cell.equals("note") ? "<th class=\"text\">" : "<th>").append(escape(cell)).append("</th>");
        }
        html.append("</tr>\n");
        for (int r = 0; r < table.rows().size(); r++) {
            html.append(table.flagged().get(r) ? "<tr class=\"flagged\">" : "<tr>");
            List<String> row = table.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                boolean text = table.header().get(c).equals("note");
                String escaped = highlightFlag(escape(cell));
                int colon = escaped.indexOf(':');
                if (outcomes && c > 0 && colon > 0) {
                    escaped = "<b>" + escaped.substring(0, colon) + "</b>" + escaped.substring(colon);
                }
                html.append(text ? "<td class=\"text\">" : "<td>").append(escaped).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String highlightFlag(String escaped) {
        return escaped.replace(escape(Plausibility.FLAG), "<span class=\"flag\">" + escape(Plausibility.FLAG) + "</span>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
