package dev.mp4j.cluster;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Engine;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis password is the cluster's authkey: a wrong or missing one is refused clearly. */
class ClusterSecurityTest {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start("correct-horse-battery");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void wrongPasswordIsRefusedWithAClearError() {
        assertThatThrownBy(() -> Pool.builder().engine(Engine.CLUSTER).redis("redis://:wrong@127.0.0.1:" + redis.port()).build())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("refused the password")
                .hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> ClusterWorker.start(RedisAddress.parse(redis.address(), "wrong"), 1))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void missingPasswordIsRefusedWithAClearError() {
        assertThatThrownBy(() -> Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).build())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("requires a password");
    }

    @Test
    void rightPasswordRunsTasksOnAWorkerThatGotItFromItsEnvironment() {
        try (LocalWorkers workers = LocalWorkers.builder(redis.addressWithPassword()).jvms(1)
                .classPath(TestClassPath.full()).start();
             Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.addressWithPassword()).processes(1).build()) {
            assertThat(pool.apply(() -> ProcessHandle.current().pid())).isEqualTo(workers.pids().getFirst());
        }
    }

    @Test
    void addressToStringNeverShowsThePassword() {
        RedisAddress address = RedisAddress.parse("redis://:hunter2@10.0.0.1:6380");
        assertThat(address.password()).isEqualTo("hunter2");
        assertThat(address.toString()).doesNotContain("hunter2").contains("10.0.0.1:6380");
        assertThat(RedisAddress.parse("rediss://h:1").tls()).isTrue();
        assertThatThrownBy(() -> RedisAddress.parse("http://h:1")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisAddress.parse("redis://h:0")).hasMessageContaining("port");
    }
}
