package dev.mp4j.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mp4j.lab.experiment.Experiments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every experiment on every local engine, small: results checked, tables printed, report written. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LabRunTest {
    @TempDir
    Path dir;

    private static LabOptions.Builder small(Path report) {
        return LabOptions.builder().workers(List.of(2)).repeats(2).warmups(0).serialSeconds(0.1).pythonRepeats(2)
                .kinds(EnumSet.of(Configuration.Kind.SERIAL, Configuration.Kind.THREADS, Configuration.Kind.VIRTUAL_THREADS,
                        Configuration.Kind.PROCESSES))
                .factorizeCount(12).primesUpTo(300_000).integrationSteps(100_000).ioRequests(12)
                .ioLatency(Duration.ofMillis(1)).items(300).pipelineItems(2_000).reportDirectory(report)
                .command("./mp4j lab --test");
    }

    @Test
    void everyExperimentRunsOnEveryLocalEngineAndTheReportShowsThem() throws Exception {
        Path report = dir.resolve("report");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabOptions.Builder options = small(report).python(true);
        Experiments.names().forEach(options::experiment);
        LabReport result = new Lab(options.build(), new PrintStream(out, true, StandardCharsets.UTF_8), false).run();

        assertThat(result.results()).extracting(ExperimentResult::name).containsExactlyElementsOf(Experiments.names());
        assertThat(result.isolation()).as("not asked for").isNull();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().findFirst().orElseThrow()).startsWith("mp4j lab: 6 experiments")
                .contains("expected to take about");
        assertThat(printed).contains("== factorize", "same time (mp4j, ", "start-up + work + shutdown (s)", "work speedup", "Amdahl",
                "processes 2", "virtual threads", "load average", "== conclusions", "How to read the tables", "report: ");

        JsonNode json = new ObjectMapper().readTree(report.resolve("results.json").toFile());
        assertThat(json.get("command").asText()).isEqualTo("./mp4j lab --test");
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("experiments")).hasSize(6);
        JsonNode factorize = json.get("experiments").get(0);
        assertThat(factorize.get("sameTime").get("rows")).extracting(row -> row.get("configuration").asText())
                .containsExactly("serial", "threads 2", "processes 2", "virtual threads");
        JsonNode processes = factorize.get("sameTime").get("rows").get(2);
        assertThat(processes.get("seconds")).hasSize(2);
        assertThat(processes.get("medianStartupSeconds").asDouble()).as("the JVMs' start-up, timed apart").isPositive();
        assertThat(processes.get("medianWorkSeconds").asDouble()).isPositive()
                .isLessThan(processes.get("medianSeconds").asDouble());
        assertThat(factorize.get("sameTime").get("rows").get(0).get("speedup").asDouble()).isEqualTo(1.0);
        assertThat(factorize.get("calibration").get("factor").asDouble()).as("300 numbers take less than 0.08 s").isGreaterThan(1);
        assertThat(factorize.get("load").get("loadAverageAtStart").isNumber()).isTrue();
        assertThat(factorize.get("load").has("stealPercent")).isTrue();
        assertThat(json.get("experiments").get(3).get("calibration").get("note").asText()).as("io")
                .contains("set by its parameters");

        boolean python = result.machine().python() != null;
        if (python) {
            assertThat(printed).contains("same work (the seed's size", "CPython (s)", "mp4j vs CPython");
            JsonNode sameWork = factorize.get("sameWork").get("rows");
            assertThat(sameWork).extracting(row -> row.get("configuration").asText())
                    .containsExactly("serial", "threads 2", "processes 2");
            assertThat(sameWork.get(0).get("cpython").get("seconds").size())
                    .as("2, or 4 when a flagged configuration was re-measured beside it").isIn(2, 4);
            assertThat(sameWork.get(2).get("cpython").get("medianStartupSeconds").asDouble()).isPositive();
        } else {
            assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("CPython is not available"));
        }
        CitedNumbers.assertConclusionsCiteTheResults(json);

        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).contains("Machine: " + result.machine().describe(), "./mp4j lab --test", "<h2>Conclusions</h2>",
                "<h2>Contents</h2>", "href=\"results.json\"", "How to read the tables");
        String md = Files.readString(report.resolve("results.md"));
        for (String name : Experiments.names()) {
            BufferedImage times = ImageIO.read(report.resolve(name + "-times.png").toFile());
            assertThat(times.getWidth()).as(name + " bar chart").isEqualTo(900);
            assertThat(html).contains("src=\"" + name + "-times.png\"");
            String second = name.equals("pipeline") ? "pipeline-throughput.png" : name + "-speedup.png";
            assertThat(html).contains("src=\"" + second + "\"");
            assertThat(md).contains("(" + name + "-times.png)", "(" + second + ")");
        }
        assertThat(md).contains("| configuration | time (s): median (min-max) |", "## primes");
    }

    @Test
    void aMissingPythonIsExplainedAndTheLabStillReports() throws Exception {
        Path report = dir.resolve("nopython");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabReport result = new Lab(small(report).experiment("integrate").python(true)
                .pythonCommand(dir.resolve("no-such-python").toString()).build(),
                new PrintStream(out, true, StandardCharsets.UTF_8), false).run();
        assertThat(result.machine().python()).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CPython is not available", "no-such-python",
                "Install python3");
        assertThat(Files.readString(report.resolve("index.html"))).contains("CPython is not available");
    }
}
