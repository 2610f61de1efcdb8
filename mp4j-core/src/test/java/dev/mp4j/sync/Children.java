package dev.mp4j.sync;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.function.SerializableRunnable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts child processes for tests and makes sure none outlives the test. */
public final class Children implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    public Process start(SerializableRunnable target) {
        return start(Engine.PROCESSES, target);
    }

    public Process start(Engine engine, SerializableRunnable target) {
        Process process = Process.builder().engine(engine).target(target).build();
        process.start();
        started.add(process);
        return process;
    }

    /** Joins every started process and asserts that each ended with exit code 0. */
    public void joinAllSucceeded(Duration timeout) throws InterruptedException {
        for (Process process : started) {
            assertThat(process.join(timeout)).as("%s ended within %s", process, timeout).isTrue();
            assertThat(process.exitCode()).as("exit code of %s", process).hasValue(0);
        }
    }

    /** A step that may wait, for {@link #joinProducersThenStop}. */
    public interface Step {
        void run() throws InterruptedException;
    }

    /**
     * Joins the first {@code producers} processes started (asserting success), runs {@code stop}
     * (e.g. puts one sentinel per consumer), then joins the rest the same way.
     */
    public void joinProducersThenStop(int producers, Step stop, Duration timeout) throws InterruptedException {
        for (Process process : started.subList(0, producers)) {
            assertThat(process.join(timeout)).as("%s ended within %s", process, timeout).isTrue();
            assertThat(process.exitCode()).as("exit code of %s", process).hasValue(0);
        }
        stop.run();
        joinAllSucceeded(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                if (process.engine() == Engine.PROCESSES) {
                    process.kill();
                } else {
                    process.terminate();
                }
                process.join(Duration.ofSeconds(10));
            }
        }
    }
}
