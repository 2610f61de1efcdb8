package dev.mp4j.lab;

import dev.mp4j.lab.experiment.EngineRunner;
import dev.mp4j.lab.experiment.Experiment;
import dev.mp4j.lab.experiment.PhaseClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An impossible speedup is measured once more with its baseline; only one that stays is flagged. */
class LabRerunTest {
    @TempDir
    Path dir;

    /** Serial sleeps 100 ms; threads 2 sleeps 5 ms (20x: impossible on any machine this runs on) for its first runs. */
    private static final class Sleeper implements Experiment {
        private final String name;
        private final int impossibleRuns;
        private int threadRuns;

        Sleeper(String name, int impossibleRuns) {
            this.name = name;
            this.impossibleRuns = impossibleRuns;
        }

        @Override public String name() { return name; }
        @Override public String title() { return name; }
        @Override public String workload() { return "100 ms"; }
        @Override public String description() { return "sleeps"; }
        @Override public long size() { return 1; }
        @Override public Experiment scaled(double factor) { return this; }
        @Override public double serialSecondsGuess() { return 0.1; }
        @Override public double pythonSerialSecondsGuess() { return 0.1; }
        @Override public void prepare(String serialResult) { }
        @Override public void check(String runtime, Configuration configuration, String result) { }
        @Override public List<String> pythonArguments() { return List.of(); }

        @Override
        public List<Configuration> configurations(LabOptions options) {
            return List.of(Configuration.serial(), new Configuration(Configuration.Kind.THREADS, 2));
        }

        @Override
        public String run(Configuration configuration, EngineRunner engines, PhaseClock clock) throws Exception {
            if (configuration.kind() == Configuration.Kind.SERIAL) {
                Thread.sleep(100);
            } else {
                Thread.sleep(threadRuns++ < impossibleRuns ? 5 : 80);
            }
            return "done";
        }
    }

    @Test
    void aSpeedupThatIsRightTheSecondTimeIsShownReplacedAndOneThatStaysIsFlagged() throws Exception {
        LabOptions options = LabOptions.builder().experiment("passing").experiment("lasting").serialSeconds(0).repeats(3)
                .warmups(1).kinds(EnumSet.of(Configuration.Kind.SERIAL, Configuration.Kind.THREADS))
                .reportDirectory(dir).command("test").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // passing: the warm-up and the 3 timed runs are impossible, the second measurement is not
        LabReport report = new Lab(options, new PrintStream(out, true, StandardCharsets.UTF_8), false)
                .run(List.of(new Sleeper("passing", 4), new Sleeper("lasting", 1000)));

        ExperimentResult passing = report.results().get(0);
        assertThat(passing.rows().get(1).flag()).isNull();
        assertThat(passing.rows().get(1).measurement().remeasure()).isEqualTo(Measurement.Remeasure.REPLACED);
        assertThat(passing.rows().get(1).measurement().seconds()).hasSize(3).allSatisfy(s -> assertThat(s).isGreaterThan(0.07));
        assertThat(passing.rows().get(0).measurement().remeasure()).isEqualTo(Measurement.Remeasure.EXTENDED);
        assertThat(passing.rows().get(0).measurement().seconds()).as("the baseline's runs, first and second").hasSize(6);

        ExperimentResult lasting = report.results().get(1);
        assertThat(lasting.rows().get(1).flag()).contains("is above the " + lasting.cores() + " cores");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("re-measuring mp4j threads 2, same time with more runs of their serial baseline",
                Plausibility.FLAG + " (");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("<tr class=\"flagged\"><td>threads 2</td>");
        assertThat(Conclusions.of(lasting).getLast()).startsWith("Flagged " + Plausibility.FLAG);
    }
}
