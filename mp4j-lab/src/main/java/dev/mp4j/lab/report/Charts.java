package dev.mp4j.lab.report;

import dev.mp4j.lab.Amdahl;
import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Measurement;
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
import java.util.Map;

/**
 * The report's PNG charts, drawn by XChart: the seed's horizontal bar chart of elapsed times (one
 * bar per configuration, read top to bottom, CPython's bars beside mp4j's) and speedup against
 * workers with the ideal line and Amdahl's prediction.
 *
 * <p>XChart has no horizontal bar chart, so the bars are thick line segments of an XY chart from 0
 * to the time, one row per configuration, with the y axis labelled by configuration.
 */
public final class Charts {
    private static final Color MP4J = new Color(0x1f77b4);
    private static final Color CPYTHON = new Color(0xff7f0e);
    private static final int WIDTH = 900;
    private static final double LABEL_ROOM = 0.45;

    private Charts() {
    }

    /** The seed's "Serial, threads, processes comparison" bar chart. */
    public static void writeTimes(ExperimentResult result, Path png) throws IOException {
        List<Measurement> rows = result.mp4j();
        int n = rows.size();
        boolean withPython = !result.python().isEmpty();
        int rowHeight = withPython ? 44 : 34;
        int height = 140 + n * rowHeight;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height)
                .title(result.name() + ": serial, threads, processes comparison")
                .xAxisTitle("Elapsed time (s), median; top to bottom as in the table").yAxisTitle("").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(withPython);
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(false);
        double longest = rows.stream().mapToDouble(Measurement::medianSeconds).max().orElse(1);
        for (Measurement python : result.python()) {
            longest = Math.max(longest, python.medianSeconds());
        }
        // XChart draws no horizontal bars and sizes a category axis badly: the labels are annotations
        // right of each bar, in room left by stretching the time axis by LABEL_ROOM
        double axisMax = longest * (1 + LABEL_ROOM);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(axisMax);
        styler.setYAxisMin(-(n - 0.5));
        styler.setYAxisMax(0.5);
        styler.setYAxisTicksVisible(false);
        styler.setXAxisDecimalPattern("0.###");
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setToolTipsEnabled(false);
        float thickness = (float) (withPython ? rowHeight * 0.34 : rowHeight * 0.6);
        double offset = withPython ? 0.2 : 0;
        boolean pythonInLegend = false;
        for (int i = 0; i < n; i++) {
            Measurement measurement = rows.get(i);
            addBar(chart, "mp4j " + i, -i - offset, measurement.medianSeconds(), MP4J, thickness, i == 0 ? "mp4j" : null);
            label(chart, measurement.configuration().label() + ": " + Cells.seconds(measurement.medianSeconds()) + " s",
                    measurement.medianSeconds(), -i - offset, axisMax);
            if (withPython) {
                var python = result.python(measurement.configuration());
                if (python.isPresent()) {
                    addBar(chart, "CPython " + i, -i + offset, python.get().medianSeconds(), CPYTHON, thickness,
                            pythonInLegend ? null : python.get().runtime());
                    label(chart, "CPython: " + Cells.seconds(python.get().medianSeconds()) + " s",
                            python.get().medianSeconds(), -i + offset, axisMax);
                    pythonInLegend = true;
                }
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addBar(XYChart chart, String id, double y, double seconds, Color color, float thickness,
                               String legend) {
        XYSeries series = chart.addSeries(legend != null ? legend : id, new double[] {0, seconds}, new double[] {y, y});
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        series.setShowInLegend(legend != null);
    }

    /** A text centred at (x, y): placed so that it starts just right of the bar ending at {@code end}. */
    private static void label(XYChart chart, String text, double end, double y, double axisMax) {
        double unitsPerPixel = axisMax / (WIDTH - 90.0);
        double halfWidth = text.length() * 3.6 * unitsPerPixel;
        chart.addAnnotation(new AnnotationText(text, end + 8 * unitsPerPixel + halfWidth, y, false));
    }

    /** Speedup against workers per engine, with the ideal line and Amdahl's prediction; null when nothing scales. */
    public static boolean writeSpeedup(ExperimentResult result, Path png) throws IOException {
        double serial = result.serialSeconds();
        if (Double.isNaN(serial)) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(520).title(result.name() + ": speedup against workers")
                .xAxisTitle("workers").yAxisTitle("speedup over serial mp4j").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setXAxisMin(0.0);
        styler.setYAxisMin(0.0);
        styler.setXAxisDecimalPattern("0");
        styler.setToolTipsEnabled(false);
        int maxWorkers = 1;
        boolean any = false;
        for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES, Configuration.Kind.CLUSTER)) {
            List<Measurement> points = result.mp4j().stream().filter(m -> m.configuration().kind() == kind).toList();
            if (points.isEmpty()) {
                continue;
            }
            any = true;
            List<Double> x = new ArrayList<>(List.of(1.0));
            List<Double> y = new ArrayList<>(List.of(1.0));
            for (Measurement m : points) {
                x.add((double) m.configuration().workers());
                y.add(serial / m.medianSeconds());
                maxWorkers = Math.max(maxWorkers, m.configuration().workers());
            }
            chart.addSeries("mp4j " + kind.label(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        double pythonSerial = result.python().stream().filter(m -> m.configuration().kind() == Configuration.Kind.SERIAL)
                .findFirst().map(Measurement::medianSeconds).orElse(Double.NaN);
        if (!Double.isNaN(pythonSerial)) {
            for (Configuration.Kind kind : List.of(Configuration.Kind.THREADS, Configuration.Kind.PROCESSES)) {
                List<Measurement> points = result.python().stream().filter(m -> m.configuration().kind() == kind).toList();
                if (points.isEmpty()) {
                    continue;
                }
                List<Double> x = new ArrayList<>(List.of(1.0));
                List<Double> y = new ArrayList<>(List.of(1.0));
                for (Measurement m : points) {
                    x.add((double) m.configuration().workers());
                    y.add(pythonSerial / m.medianSeconds());
                }
                chart.addSeries("CPython " + kind.label() + " (over serial CPython)", x, y)
                        .setMarker(SeriesMarkers.DIAMOND).setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        if (!any) {
            return false;
        }
        chart.addSeries("ideal (speedup = workers)", new double[] {1, maxWorkers}, new double[] {1, maxWorkers})
                .setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY).setLineStyle(SeriesLines.DOT_DOT);
        Map<Configuration.Kind, Double> fractions = result.parallelFractions(serial);
        for (Map.Entry<Configuration.Kind, Double> entry : fractions.entrySet()) {
            double[] x = new double[maxWorkers];
            double[] y = new double[maxWorkers];
            for (int w = 1; w <= maxWorkers; w++) {
                x[w - 1] = w;
                y[w - 1] = Amdahl.speedup(entry.getValue(), w, result.cores());
            }
            chart.addSeries(String.format(java.util.Locale.ROOT, "Amdahl, %s (p = %.2f, %d cores)",
                            entry.getKey().label(), entry.getValue(), result.cores()), x, y)
                    .setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DOT);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
