package dev.mp4j.internal.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT training's pool-worker loop really serves its tasks: every one of them answered OK, so
 * the profiles that go into the cache are those of the task path, not of an error path. Runs in a
 * JVM of its own (the loop sets the process's child context).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolWorkerTrainingTest {

    /** Runs the training loop and prints how its tasks were answered. */
    public static final class Check {
        public static void main(String[] args) throws Exception {
            ByteArrayOutputStream results = new ByteArrayOutputStream();
            PoolWorkerTraining.run(results);
            ByteBuffer frames = ByteBuffer.wrap(results.toByteArray());
            int ok = 0;
            int failed = 0;
            long lastJob = 0;
            boolean ordered = true;
            while (frames.remaining() >= 5) {
                int length = frames.getInt();
                int type = frames.get() & 0xff;
                int end = frames.position() + length;
                if (type == PoolFrames.RESULT) {
                    long job = frames.getLong();
                    ordered &= job == lastJob + 1;
                    lastJob = job;
                    if (frames.get() == PoolFrames.OK) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
                frames.position(end);
            }
            System.out.println("ok=" + ok + " failed=" + failed + " expected=" + PoolWorkerTraining.tasks() + " ordered=" + ordered);
        }
    }

    @Test
    void everyTrainingTaskIsAnsweredOk() throws Exception {
        java.lang.Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Check.class.getName())
                .redirectErrorStream(true).start();
        try {
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("ok=" + PoolWorkerTraining.tasks() + " failed=0 expected=" + PoolWorkerTraining.tasks()
                    + " ordered=true");
        } finally {
            run.destroyForcibly();
        }
    }
}
