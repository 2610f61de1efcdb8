package dev.mp4j.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mp4j.lab.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conclusions say what the data say, and cite only figures the report's results.json holds. */
class ConclusionsTest {
    @TempDir
    Path dir;


    @Test
    void cpuBoundConclusionsNameTheBestEngineTheGilTheStartUpItsBreakEvenAndAmdahl() {
        ExperimentResult factorize = Results.factorize(false);
        List<String> conclusions = Conclusions.of(factorize);
        assertThat(conclusions.get(0)).isEqualTo("With serial mp4j at 1.410 s, the fastest engine is virtual threads:"
                + " 0.720 s, 1.96x on 2 cores.");
        assertThat(conclusions.get(1)).contains("CPython's threads 2 reach 0.98x over CPython serial (the GIL",
                "its processes 2 1.91x", "mp4j's threads 2 reach 1.93x (the JVM has no GIL)");
        ExperimentResult.Row processes2 = factorize.rows().stream()
                .filter(r -> r.configuration().equals(new Configuration(Configuration.Kind.PROCESSES, 2))).findFirst().orElseThrow();
        // 0.56 s of start-up and 0.08 s of shutdown around work at 1.81x: processes break even at 1.432 s of serial work
        double workSpeedup = 1.41 / (1.42 - 0.56 - 0.08);
        assertThat(processes2.breakEvenSeconds()).isCloseTo((0.56 + 0.08) / (1 - 1 / workSpeedup),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(conclusions.get(2)).isEqualTo("mp4j processes 2 spend 0.560 s starting 2 JVMs, 0.780 s working (1.81x"
                + " over serial) and 0.080 s stopping them; with that start-up and shutdown they beat serial once the"
                + " serial work exceeds about 1.432 s. With 8 JVMs on 2 cores the start-up grows to 2.100 s.");
        assertThat(conclusions.get(3)).startsWith("Amdahl's law with p = 0.97 (from threads 2's work speedup) predicted"
                + " 1.94x for threads 8 on 2 cores; measured 1.81x: it held (within 10%)");
        assertThat(conclusions.get(4)).isEqualTo("Same work (the seed's size): mp4j serial takes 0.301 s, CPython serial"
                + " 11.21 s (mp4j 37.24x faster); on processes 2 mp4j takes 0.710 s and CPython 5.880 s (mp4j 8.28x faster).");
        assertThat(conclusions).hasSize(5);
    }

    @Test
    void anImpossibleSpeedupIsNamedAsNotReliable() {
        List<String> conclusions = Conclusions.of(Results.factorize(true));
        assertThat(conclusions.getLast()).isEqualTo("Flagged measured under load: not reliable, even after a second"
                + " measurement: mp4j threads 8 (2.52x is above the 2 cores).");
        assertThat(conclusions.getFirst()).endsWith("(not reliable).");
    }

    @Test
    void latencyBoundAndPipelineConclusionsExplainWhySpeedupAndAmdahlDoNotApply() {
        List<String> io = Conclusions.of(Results.io());
        assertThat(io.getFirst()).isEqualTo("Latency-bound: serial mp4j waits 2.110 s; threads 8 take 0.270 s (7.81x, past"
                + " the 2 cores: the waits overlap) and virtual threads, every request at once, 0.031 s.");
        assertThat(io).anySatisfy(c -> assertThat(c).contains("CPython's threads 8 reach 7.13x too", "releases the GIL"))
                .anySatisfy(c -> assertThat(c).startsWith("Amdahl's law on cores does not apply"));
        List<String> pipeline = Conclusions.of(Results.pipeline());
        assertThat(pipeline.getFirst()).isEqualTo("Queues set the pace: mp4j threads 3 move 2.13 M items/s, mp4j virtual"
                + " threads move 7.89 M items/s, mp4j processes 3 move 429.8 k items/s (after 0.610 s of start-up);"
                + " the serial loop, with no queues, 483.87 M items/s.");
    }

    @Test
    void everyNumberTheConclusionsCiteIsInResultsJson() throws Exception {
        new ReportWriter(Results.report(Results.factorize(true), Results.io(), Results.pipeline())).write(dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("conclusions")).hasSize(3);
        assertThat(json.get("experiments").get(0).get("conclusions")).hasSize(6);
        CitedNumbers.assertConclusionsCiteTheResults(json);
    }

    @Test
    void aSameWorkFigureFlaggedForItsWorkSpeedupCitesAFigureResultsJsonHolds() throws Exception {
        ExperimentResult factorize = Results.factorize(false);
        // at the seed's size, threads 2 take 0.155 s of which 0.010 s start the workers: 1.94x in all,
        // but a work speedup of 0.301 / 0.145 = 2.08x, which 2 cores cannot give
        List<Measurement> seed = List.of(
                Results.runs(Configuration.serial(), "mp4j", 0.301, 0.299, 0.305),
                Results.started(Results.threads(2), "mp4j", 0.010, 0.155, 0.154, 0.156),
                Results.started(Results.processes(2), "mp4j", 0.55, 0.71, 0.70, 0.74));
        ExperimentResult flagged = new ExperimentResult(factorize.name(), factorize.title(), factorize.description(), true, 2,
                factorize.calibration(), factorize.scaledItems(), factorize.seedItems(), factorize.scaled(), seed,
                factorize.python(), true, factorize.load());
        assertThat(flagged.flaggedSeedMp4j()).containsExactly(Results.threads(2));
        new ReportWriter(Results.report(flagged)).write(dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("experiments").get(0).get("conclusions").toString())
                .contains("on the seed's size (work speedup 2.08x is above the 2 cores)");
        CitedNumbers.assertConclusionsCiteTheResults(json);
    }

    @Test
    void aConclusionCitingAFigureResultsJsonLacksFailsTheCheck() throws Exception {
        new ReportWriter(Results.report(Results.io())).write(dir);
        String original = Files.readString(dir.resolve("results.json"));
        String doctored = original.replace("\"Latency-bound: serial mp4j waits 2.110 s", "\"Latency-bound: serial mp4j waits 2.345 s");
        assertThat(doctored).isNotEqualTo(original);
        JsonNode json = new ObjectMapper().readTree(doctored);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CitedNumbers.assertConclusionsCiteTheResults(json))
                .isInstanceOf(AssertionError.class).hasMessageContaining("2.345");
    }
}
