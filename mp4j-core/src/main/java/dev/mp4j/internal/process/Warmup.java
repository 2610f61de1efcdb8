package dev.mp4j.internal.process;

import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.codec.Codec;

import java.util.HashSet;
import java.util.List;

/**
 * Runs the decode path of a task once in a fresh child JVM while it waits for work, so that the
 * first real task does not pay for loading and linking serialization and lambda deserialization.
 */
final class Warmup {
    private Warmup() {
    }

    static void run() {
        try {
            String captured = "warm-up";
            SerializableRunnable sample = () -> captured.length();
            byte[] task = Codec.encodeTrusted(sample, new HashSet<>());
            RunRequest request = new RunRequest("warm-up", "0", false, 0, "warm-up", List.of(), task);
            RunRequest decoded = (RunRequest) Codec.standard().decode(Codec.standard().encode(request));
            ((Runnable) Codec.standard().decode(decoded.task())).run();
        } catch (RuntimeException e) {
            // only an optimisation
        }
    }
}
