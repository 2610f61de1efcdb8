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
        assertThat(options.primesUpTo()).isEqualTo(2_500_000);
        assertThat(options.scalingConfigurations()).extracting(Configuration::label).containsExactly(
                "serial", "threads 2", "threads 4", "threads 8", "processes 2", "processes 4", "processes 8", "virtual threads");
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
