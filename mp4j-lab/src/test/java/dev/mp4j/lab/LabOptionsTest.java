package dev.mp4j.lab;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabOptionsTest {
    @Test
    void defaultsAreTheSeedsWorkloadsOnEveryLocalEngine() {
        LabOptions options = LabOptions.builder().build();
        assertThat(options.factorizeCount()).isEqualTo(300);
        assertThat(options.factorizeStart()).isEqualTo(9_999_999_999_999L);
        assertThat(options.integrationSteps()).as("integrate_main.py's default N").isEqualTo(10_000_000);
        assertThat(options.primesUpTo()).as("the seed's first 5 inputs: its 24 cost CPython 100 s a run").isEqualTo(600_000);
        assertThat(options.serialSeconds()).isEqualTo(1.4);
        assertThat(options.pythonRepeats()).isEqualTo(3);
        assertThat(options.isolation()).isTrue();
        assertThat(options.scalingConfigurations()).extracting(Configuration::label).containsExactly(
                "serial", "threads 2", "threads 4", "threads 8", "processes 2", "processes 4", "processes 8", "virtual threads");
    }

    @Test
    void cpythonsCpuBoundWorkerCountsStopAtTheCoreCountUnlessAskedFor() {
        int cap = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(LabOptions.builder().build().pythonWorkers()).isNotEmpty().allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(cap));
        assertThat(LabOptions.builder().pythonWorkers(List.of(2, 8)).build().pythonWorkers()).containsExactly(2, 8);
        assertThat(LabOptions.builder().workers(List.of(512 > cap ? 64 : 2)).build().pythonWorkers()).hasSize(1);
    }

    @Test
    void namingExperimentsLeavesTheIsolationTableOutUnlessNamed() {
        assertThat(LabOptions.builder().experiment("factorize").build().isolation()).isFalse();
        assertThat(LabOptions.builder().experiment("isolation").build().isolation()).isTrue();
        assertThatThrownBy(() -> LabOptions.builder().serialSeconds(0.01)).isInstanceOf(LabUsageException.class)
                .hasMessage("--serial-seconds must be 0 (keep the seed's sizes) or between 0.05 and 60, got 0.01");
    }

    @Test
    void aRedisAddressAddsTheClusterWithTwoAndThreeWorkers() {
        LabOptions options = LabOptions.builder().clusterAddress("redis://127.0.0.1:6379").build();
        assertThat(options.scalingConfigurations()).extracting(Configuration::label).endsWith("cluster 2", "cluster 3");
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> LabOptions.builder().factorizeCount(-1)).isInstanceOf(LabUsageException.class)
                .hasMessage("--count must be between 1 and 10000000, got -1");
        assertThatThrownBy(() -> LabOptions.builder().workers(List.of())).isInstanceOf(LabUsageException.class)
                .hasMessageContaining("--workers needs at least one count");
        assertThatThrownBy(() -> LabOptions.builder().kinds(Set.of(Configuration.Kind.CLUSTER)).build())
                .isInstanceOf(LabUsageException.class).hasMessageContaining("pass --redis");
    }

    @Test
    void aRedisPasswordNeverReachesTheReportsCommandLine() {
        LabOptions options = LabOptions.builder().clusterAddress("redis://:s3cret@10.0.0.5:6379")
                .command("./mp4j lab --redis redis://:s3cret@10.0.0.5:6379").build();
        assertThat(options.command()).isEqualTo("./mp4j lab --redis redis://***@10.0.0.5:6379");
        assertThatThrownBy(() -> LabOptions.builder().clusterAddress("http://:s3cret@host")).hasMessageNotContaining("s3cret");
    }

    @Test
    void configurationsRefuseImpossibleWorkerCounts() {
        assertThatThrownBy(() -> new Configuration(Configuration.Kind.SERIAL, 2)).hasMessageContaining("serial runs on 1 worker");
        assertThatThrownBy(() -> new Configuration(Configuration.Kind.PROCESSES, 0)).hasMessageContaining("at least 1 worker");
    }
}
