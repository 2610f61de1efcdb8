package dev.mp4j.lab.report;

import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Plausibility;
import dev.mp4j.lab.Results;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's structure: conclusions first, contents, links, legend, both charts, flags everywhere they apply. */
class ReportWriterTest {
    @TempDir
    Path dir;


    @Test
    void theHtmlOpensWithConclusionsAndContentsAndExplainsEveryColumn() throws Exception {
        new ReportWriter(Results.report(Results.factorize(false), Results.io(), Results.pipeline())).write(dir);
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html.indexOf("<h2>Conclusions</h2>")).isLessThan(html.indexOf("<h2>Contents</h2>"))
                .isLessThan(html.indexOf("<h2 id=\"factorize\">"));
        assertThat(html).contains("<a href=\"results.md\">results.md</a>", "<a href=\"results.json\">results.json</a>",
                "<a href=\"#factorize\">", "<a href=\"#io\">", "<a href=\"#pipeline\">", "<a href=\"#legend\">",
                "load average 0.41 -&gt; 1.92, CPU steal 0.3%", "x4.67 the seed's size");
        for (String term : List.of("same time", "same work", "configuration", "time (s)", "start-up + work + shutdown (s)", "speedup",
                "work speedup", "efficiency", "Amdahl", "throughput", "mp4j vs CPython", "note / !", "load")) {
            assertThat(html).as("the legend explains " + term).contains("<dt>" + term + "</dt>");
        }
        assertThat(html).contains("<th>Amdahl</th>").doesNotContain(Plausibility.FLAG + "</span> (");
        String io = html.substring(html.indexOf("<h2 id=\"io\">"), html.indexOf("<h2 id=\"pipeline\">"));
        assertThat(io).as("no Amdahl column for waiting").doesNotContain("<th>Amdahl</th>");
        String pipeline = html.substring(html.indexOf("<h2 id=\"pipeline\">"));
        assertThat(pipeline).contains("<th>throughput (items/s of work)</th>", "src=\"pipeline-throughput.png\"")
                .doesNotContain("<th>speedup</th>");
    }

    @Test
    void resultsMdEmbedsBothChartsOfEveryExperiment() throws Exception {
        new ReportWriter(Results.report(Results.factorize(false), Results.io(), Results.pipeline())).write(dir);
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("(factorize-times.png)", "(factorize-speedup.png)", "(io-times.png)", "(io-speedup.png)",
                "(pipeline-times.png)", "(pipeline-throughput.png)", "## Conclusions", "## How to read the tables",
                "[results.json](results.json)");
        for (String png : List.of("factorize-times.png", "factorize-speedup.png", "io-speedup.png", "pipeline-throughput.png")) {
            assertThat(ImageIO.read(dir.resolve(png).toFile()).getWidth()).as(png).isEqualTo(900);
        }
        assertThat(dir.resolve("pipeline-speedup.png")).doesNotExist();
    }

    @Test
    void aFlaggedSpeedupIsMarkedInTheTableTheChartAndTheHtml() throws Exception {
        ExperimentResult flagged = Results.factorize(true);
        new ReportWriter(Results.report(flagged)).write(dir);
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("<tr class=\"flagged\"><td>threads 8</td>", "2.52x !",
                "<span class=\"flag\">" + Plausibility.FLAG + "</span> (2.52x is above the 2 cores)");
        assertThat(Files.readString(dir.resolve("results.md"))).contains("| threads 8 |", "2.52x !",
                Plausibility.FLAG + " (2.52x is above the 2 cores)");
        assertThat(TerminalTable.render(flagged)).contains("2.52x !", Plausibility.FLAG);
        XYChart chart = Charts.speedupChart(flagged);
        assertThat(chart.getSeriesMap()).containsKey(Plausibility.FLAG);
        assertThat(chart.getSeriesMap().get(Plausibility.FLAG).getXData()).containsExactly(8.0);
        assertThat(Charts.speedupChart(Results.factorize(false)).getSeriesMap()).doesNotContainKey(Plausibility.FLAG);
    }

    @Test
    void theSpeedupChartStartsAtOneWorkerMarksTheCoresAndCapsTheIdealLine() {
        XYChart chart = Charts.speedupChart(Results.factorize(false));
        assertThat(chart.getStyler().getXAxisMin()).isEqualTo(1.0);
        assertThat(chart.getSeriesMap().get("2 cores").getXData()).containsExactly(2.0, 2.0);
        assertThat(chart.getSeriesMap().get("ideal: min(workers, 2 cores)").getYData()).containsExactly(1.0, 2.0, 2.0);
        assertThat(chart.getSeriesMap()).containsKeys("mp4j processes, work only (start-up and shutdown left out)",
                "CPython threads (same work, median of 3 runs; drawn 0.12 to the right)");
        XYChart io = Charts.speedupChart(Results.io());
        assertThat(io.getSeriesMap().get("ideal for waiting: speedup = workers").getYData()).containsExactly(1.0, 8.0);
        assertThat(Charts.speedupChart(Results.pipeline())).as("the pipeline has a throughput chart instead").isNull();
    }
}
