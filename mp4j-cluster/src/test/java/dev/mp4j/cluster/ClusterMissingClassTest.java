package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A worker JVM without the tests' classes: a task needing one fails at once, naming it. */
class ClusterMissingClassTest {
    private static RedisServer redis;
    private static LocalWorkers workers;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        workers = LocalWorkers.builder(redis.address()).jvms(1).classPath(TestClassPath.withoutTestClasses()).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (workers != null) {
            workers.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A task class that exists only in this module's test classes. */
    record Doubler(int factor) implements dev.mp4j.function.SerializableFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x * factor;
        }
    }

    @Test
    void missingTaskClassFailsTheCallerNamingTheClass() {
        try (Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(redis.address()).processes(1).build()) {
            AsyncResult<java.util.List<Integer>> result = pool.mapAsync(new Doubler(2), java.util.List.of(1, 2, 3));
            assertThatThrownBy(() -> result.get(Duration.ofSeconds(60)))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(MissingClassException.class)
                    .hasMessageContaining(Doubler.class.getName())
                    .hasMessageContaining("class path of cluster worker");
            MissingClassException missing = (MissingClassException) result.exceptionNow();
            assertThat(missing.className()).isEqualTo(Doubler.class.getName());
            assertThat(missing.worker()).endsWith("/" + workers.pids().getFirst());
            assertThat(ProcessHandle.of(workers.pids().getFirst()).map(ProcessHandle::isAlive)).contains(true);
        }
    }
}
