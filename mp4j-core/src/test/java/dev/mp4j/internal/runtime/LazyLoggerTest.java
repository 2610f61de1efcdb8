package dev.mp4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LazyLoggerTest {
    /**
     * mp4j's threads log for the first time at once (pool feeders, the spare refill) in a program
     * that has not used SLF4J yet: nothing of SLF4J's start-up may reach the program's stderr. SLF4J
     * initialises once per JVM, so this runs in a JVM of its own.
     */
    @Test
    void loggersUsedForTheFirstTimeOnManyThreadsAtOnceLeaveNoSlf4jWarningOnStderr(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("output.txt");
        java.lang.Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
                FirstUseOnEightThreads.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(run.exitValue()).as(text).isZero();
            assertThat(text).contains("logged on 8 threads")
                    .doesNotContain("SLF4J(W)")
                    .contains("INFO race.0 - first use on thread 0");
        } finally {
            run.destroyForcibly();
        }
    }

    /** Eight threads released at once, each logging through a logger of its own for the first time. */
    public static final class FirstUseOnEightThreads {
        public static void main(String[] args) throws InterruptedException {
            int threads = 8;
            CountDownLatch go = new CountDownLatch(1);
            Thread[] started = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                Logger log = LazyLogger.named("race." + i);
                int index = i;
                started[i] = Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    log.info("first use on thread {}", index);
                });
            }
            go.countDown();
            for (Thread thread : started) {
                thread.join();
            }
            System.out.println("logged on " + threads + " threads");
        }
    }
}
