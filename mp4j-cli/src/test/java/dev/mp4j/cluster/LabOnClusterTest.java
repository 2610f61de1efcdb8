package dev.mp4j.cluster;

import dev.mp4j.lab.Configuration;
import dev.mp4j.lab.ExperimentResult;
import dev.mp4j.lab.Lab;
import dev.mp4j.lab.LabOptions;
import dev.mp4j.lab.LabReport;
import dev.mp4j.lab.Measurement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's factorize experiment on the cluster engine with 2 and 3 worker JVMs, on a real redis-server. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LabOnClusterTest {
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void factorizeRunsOnTwoAndThreeWorkerJvmsWithTheSeedsChecksum() throws Exception {
        LabOptions options = LabOptions.builder().experiment("factorize").clusterAddress(redis.address())
                .kinds(EnumSet.of(Configuration.Kind.SERIAL, Configuration.Kind.CLUSTER)).repeats(1).warmups(1).serialSeconds(0)
                .reportDirectory(dir.resolve("report")).command("./mp4j lab factorize --redis " + redis.address()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabReport report = new Lab(options, new PrintStream(out, true, StandardCharsets.UTF_8), false).run();

        ExperimentResult factorize = report.results().getFirst();
        assertThat(factorize.scaled()).extracting(m -> m.configuration().label()).containsExactly("serial", "cluster 2", "cluster 3");
        assertThat(factorize.scaled()).extracting(Measurement::result).containsOnly("236620913152936");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cluster 2", "cluster 3");
        List<ProcessHandle> workers = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("ClusterWorker")).toList();
        assertThat(workers).as("the lab stops its worker JVMs").isEmpty();
    }
}
