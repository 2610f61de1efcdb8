package dev.mp4j.lab.report;

import dev.mp4j.lab.Amdahl;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Figures;
import dev.mp4j.lab.Measurement;
import dev.mp4j.lab.Plausibility;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's PNG charts, drawn by XChart: the seed's horizontal bar chart of elapsed times (one
 * bar per configuration, read top to bottom, start-up and shutdown shaded apart from the work, a
 * whisker from the fastest to the slowest run), speedup against workers (from 1 worker, the core count marked, the
 * ideal line capped at the cores for CPU-bound work, Amdahl's prediction, CPython's curves nudged
 * right so they do not hide mp4j's), and for the pipeline its throughput in items per second.
 * Flagged figures carry a red cross and the words {@value Plausibility#FLAG}.
 *
 * <p>XChart has no horizontal bar chart, so bars are thick line segments of an XY chart, with the
 * labels as annotations right of each bar.
 */
public final class Charts {
    private static final Color MP4J = new Color(0x1f77b4);
    private static final Color MP4J_STARTUP = new Color(0xaec7e8);
    private static final Color PROCESSES = new Color(0x2ca02c);
    private static final Color CLUSTER = new Color(0x9467bd);
    private static final Color CPYTHON_THREADS = new Color(0xff7f0e);
    private static final Color CPYTHON_PROCESSES = new Color(0xd62728);
    private static final Color FLAG = new Color(0xcc0000);
    private static final Color SHUTDOWN = new Color(0xbbbbbb);
    private static final int WIDTH = 900;
    private static final double LABEL_ROOM = 0.75;
    /** How far right CPython's points sit from their worker count, so that equal curves stay visible. */
    private static final double NUDGE = 0.12;

    private Charts() {
    }

    /** The seed's "Serial, threads, processes comparison" bar chart, for the same-time runs. */
    public static void writeTimes(ExperimentResult result, Path png) throws IOException {
        List<ExperimentResult.Row> rows = result.rows();
        int n = rows.size();
        int height = 170 + n * 40;
        int runs = rows.stream().mapToInt(r -> r.measurement().seconds().size()).min().orElse(1);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height)
                .title(result.name() + ", same time (" + result.calibration().scaledWorkload() + ")")
                .xAxisTitle("elapsed time (s): median of " + runs + " runs, whisker from fastest to slowest; top to bottom as in the table")
                .yAxisTitle("").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(false);
        double longest = rows.stream().mapToDouble(r -> r.measurement().maxSeconds()).max().orElse(1);
        double axisMax = longest * (1 + LABEL_ROOM);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(axisMax);
        styler.setYAxisMin(-(n - 0.5));
        styler.setYAxisMax(0.5);
        styler.setYAxisTicksVisible(false);
        styler.setXAxisDecimalPattern("0.###");
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setToolTipsEnabled(false);
        float thickness = 22f;
        boolean startupInLegend = false;
        for (int i = 0; i < n; i++) {
            ExperimentResult.Row row = rows.get(i);
            Measurement m = row.measurement();
            double y = -i;
            double median = m.medianSeconds();
            if (m.hasStartup()) {
                double startup = Math.min(m.medianStartupSeconds(), median);
                double shutdown = m.hasShutdown() ? Math.min(m.medianShutdownSeconds(), median - startup) : 0;
                segment(chart, "startup " + i, 0, startup, y, MP4J_STARTUP, thickness, startupInLegend ? null
                        : "start-up (until every worker is up)");
                segment(chart, "work " + i, startup, median - shutdown, y, colour(row.configuration().kind()), thickness,
                        null);
                if (shutdown > 0) {
                    segment(chart, "shutdown " + i, median - shutdown, median, y, SHUTDOWN, thickness,
                            startupInLegend ? null : "shutdown (stopping the workers)");
                }
                startupInLegend = true;
            } else {
                segment(chart, "work " + i, 0, median, y, colour(row.configuration().kind()), thickness, i == 0 ? "work" : null);
            }
            if (m.seconds().size() > 1) {
                segment(chart, "range " + i, m.minSeconds(), m.maxSeconds(), y, Color.BLACK, 1.5f, i == 0 ? "fastest-slowest run" : null);
            }
            String label = row.configuration().label() + ": " + Figures.seconds(median) + " s"
                    + (m.hasStartup() ? " (" + Figures.phases(m) + ")" : "")
                    + (row.flag() != null ? "  ! " + Plausibility.FLAG : "");
            label(chart, label, Math.max(median, m.maxSeconds()), y, axisMax);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void segment(XYChart chart, String id, double from, double to, double y, Color color, float thickness,
                                String legend) {
        XYSeries series = chart.addSeries(legend != null ? legend : id, new double[] {from, to}, new double[] {y, y});
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        series.setShowInLegend(legend != null);
    }

    private static Color colour(Configuration.Kind kind) {
        return switch (kind) {
            case PROCESSES -> PROCESSES;
            case CLUSTER -> CLUSTER;
            default -> MP4J;
        };
    }

    /** A text placed so that it starts just right of {@code end}. */
    private static void label(XYChart chart, String text, double end, double y, double axisMax) {
        double unitsPerPixel = axisMax / (WIDTH - 90.0);
        double halfWidth = text.length() * 3.3 * unitsPerPixel;
        chart.addAnnotation(new AnnotationText(text, end + 8 * unitsPerPixel + halfWidth, y, false));
    }

    /**
     * Speedup against workers per engine: mp4j's same-time runs and CPython's same-work runs (each
     * over its own serial), the ideal line, the core count and Amdahl's prediction. False (nothing
     * written) when there is no serial run or nothing that scales.
     */
    public static boolean writeSpeedup(ExperimentResult result, Path png) throws IOException {
        XYChart chart = speedupChart(result);
        if (chart == null) {
            return false;
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    /** The speedup chart, or null when there is nothing to draw. */
    static XYChart speedupChart(ExperimentResult result) {
        double serial = result.serialSeconds();
        if (Double.isNaN(serial) || result.throughput()) {
            return null;
        }
        int cores = result.cores();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(660)
                .title(result.name() + ": speedup against workers (each runtime over its own serial)")
                .xAxisTitle("workers").yAxisTitle("speedup").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setXAxisDecimalPattern("0");
        styler.setYAxisDecimalPattern("0.0");
        styler.setToolTipsEnabled(false);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int maxWorkers = Math.max(cores, 2);
        double maxY = 1;
        boolean any = false;
        List<double[]> flagged = new ArrayList<>();
        List<ExperimentResult.Row> rows = result.rows();
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES, Configuration.Kind.CLUSTER)) {
            List<ExperimentResult.Row> points = rows.stream().filter(r -> r.configuration().kind() == kind).toList();
            if (points.isEmpty()) {
                continue;
            }
            any = true;
            List<Double> x = new ArrayList<>(List.of(1.0));
            List<Double> y = new ArrayList<>(List.of(1.0));
            List<Double> work = new ArrayList<>(List.of(1.0));
            for (ExperimentResult.Row r : points) {
                x.add((double) r.configuration().workers());
                y.add(r.speedup());
                work.add(r.workSpeedup());
                maxWorkers = Math.max(maxWorkers, r.configuration().workers());
                maxY = Math.max(maxY, Math.max(r.speedup(), r.measurement().hasStartup() ? r.workSpeedup() : 0));
                if (r.flag() != null) {
                    flagged.add(new double[] {r.configuration().workers(), r.speedup()});
                }
            }
            XYSeries series = chart.addSeries("mp4j " + kind.label() + " (same time)", x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(colour(kind));
            series.setMarkerColor(colour(kind));
            if (kind == Configuration.Kind.PROCESSES && points.stream().anyMatch(r -> r.measurement().hasStartup())) {
                XYSeries workOnly = chart.addSeries("mp4j processes, work only (start-up and shutdown left out)", x, work);
                workOnly.setMarker(SeriesMarkers.SQUARE);
                workOnly.setLineStyle(SeriesLines.DOT_DOT);
                workOnly.setLineColor(colour(kind));
                workOnly.setMarkerColor(colour(kind));
            }
        }
        if (!any) {
            return null;
        }
        double nudge = 0;
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES)) {
            List<ExperimentResult.Comparison> points = result.comparisons().stream()
                    .filter(c -> c.configuration().kind() == kind).toList();
            if (points.isEmpty()) {
                continue;
            }
            nudge += NUDGE;
            List<Double> x = new ArrayList<>(List.of(1.0 + nudge));
            List<Double> y = new ArrayList<>(List.of(1.0));
            for (ExperimentResult.Comparison c : points) {
                x.add(c.configuration().workers() + nudge);
                y.add(c.pythonSpeedup());
                maxY = Math.max(maxY, c.pythonSpeedup());
                if (c.pythonFlag() != null) {
                    flagged.add(new double[] {c.configuration().workers() + nudge, c.pythonSpeedup()});
                }
            }
            int runs = points.getFirst().python().seconds().size();
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "CPython %s (same work, median of %d runs; drawn %.2f to the right)",
                    kind.label(), runs, nudge), x, y);
            series.setMarker(kind == Configuration.Kind.THREADS ? SeriesMarkers.DIAMOND : SeriesMarkers.TRIANGLE_UP);
            series.setLineStyle(SeriesLines.DASH_DASH);
            Color colour = kind == Configuration.Kind.THREADS ? CPYTHON_THREADS : CPYTHON_PROCESSES;
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
        if (result.cpuBound()) {
            double[] x = maxWorkers > cores ? new double[] {1, cores, maxWorkers} : new double[] {1, cores};
            double[] y = maxWorkers > cores ? new double[] {1, cores, cores} : new double[] {1, cores};
            chart.addSeries("ideal: min(workers, " + cores + " cores)", x, y)
                    .setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY).setLineStyle(SeriesLines.DOT_DOT);
            maxY = Math.max(maxY, cores);
            Map<Configuration.Kind, Double> fractions = result.parallelFractions();
            for (Map.Entry<Configuration.Kind, Double> entry : fractions.entrySet()) {
                double[] ax = new double[maxWorkers];
                double[] ay = new double[maxWorkers];
                for (int w = 1; w <= maxWorkers; w++) {
                    ax[w - 1] = w;
                    ay[w - 1] = Amdahl.speedup(entry.getValue(), w, cores);
                }
                XYSeries series = chart.addSeries(String.format(Locale.ROOT, "Amdahl, mp4j %s work (p = %.2f)",
                        entry.getKey().label(), entry.getValue()), ax, ay);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(SeriesLines.DASH_DOT);
                series.setLineColor(colour(entry.getKey()).brighter());
            }
        } else {
            chart.addSeries("ideal for waiting: speedup = workers", new double[] {1, maxWorkers}, new double[] {1, maxWorkers})
                    .setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY).setLineStyle(SeriesLines.DOT_DOT);
        }
        double top = Math.ceil(maxY * 1.15 * 2) / 2;
        XYSeries coreMark = chart.addSeries(cores + " cores", new double[] {cores, cores}, new double[] {0, top});
        coreMark.setMarker(SeriesMarkers.NONE);
        coreMark.setLineColor(Color.DARK_GRAY);
        coreMark.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        chart.addAnnotation(new AnnotationText(cores + " cores", cores + 0.3, top * 0.96, false));
        if (!flagged.isEmpty()) {
            XYSeries marks = chart.addSeries(Plausibility.FLAG, flagged.stream().mapToDouble(p -> p[0]).toArray(),
                    flagged.stream().mapToDouble(p -> p[1]).toArray());
            marks.setMarker(SeriesMarkers.CROSS);
            marks.setMarkerColor(FLAG);
            marks.setLineStyle(SeriesLines.NONE);
            marks.setLineColor(FLAG);
        }
        styler.setXAxisMin(1.0);
        styler.setXAxisMax(maxWorkers + 0.5);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(top);
        return chart;
    }

    /** The pipeline's throughput bars: items per second of work, mp4j's same-time runs and CPython's same-work runs. */
    public static boolean writeThroughput(ExperimentResult result, Path png) throws IOException {
        if (!result.throughput()) {
            return false;
        }
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        String serial = "";
        for (ExperimentResult.Row row : result.rows()) {
            if (row.configuration().kind() == Configuration.Kind.SERIAL) {
                serial = "; the serial loop (no queues, off the chart): " + Figures.rate(row.throughput());
                continue;
            }
            labels.add("mp4j " + row.configuration().label());
            rates.add(row.throughput() / 1e6);
            colours.add(colour(row.configuration().kind()));
        }
        for (ExperimentResult.Comparison c : result.comparisons()) {
            if (c.configuration().kind() == Configuration.Kind.SERIAL) {
                continue;
            }
            labels.add("CPython " + c.configuration().label() + " (same work)");
            rates.add(c.pythonThroughput() / 1e6);
            colours.add(c.configuration().kind() == Configuration.Kind.THREADS ? CPYTHON_THREADS : CPYTHON_PROCESSES);
        }
        if (labels.isEmpty()) {
            return false;
        }
        int n = labels.size();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(150 + n * 40)
                .title(result.name() + ": throughput, items per second of work (start-up and shutdown left out)")
                .xAxisTitle("million items/s, median run" + serial).yAxisTitle("").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(false);
        double most = rates.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double axisMax = most * (1 + LABEL_ROOM);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(axisMax);
        styler.setYAxisMin(-(n - 0.5));
        styler.setYAxisMax(0.5);
        styler.setYAxisTicksVisible(false);
        styler.setToolTipsEnabled(false);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setXAxisDecimalPattern("0.##");
        for (int i = 0; i < n; i++) {
            segment(chart, "rate " + i, 0, rates.get(i), -i, colours.get(i), 22f, null);
            label(chart, labels.get(i) + ": " + Figures.rate(rates.get(i) * 1e6), rates.get(i), -i, axisMax);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
