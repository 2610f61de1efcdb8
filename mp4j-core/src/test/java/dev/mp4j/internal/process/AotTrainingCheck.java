package dev.mp4j.internal.process;

import dev.mp4j.Process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Run by {@link AotCacheTest} in a JVM of its own, with a class path of jars only. */
public final class AotTrainingCheck {
    private AotTrainingCheck() {
    }

    public static void main(String[] args) throws Exception {
        Process first = Process.of(() -> { });
        first.start();
        first.join();
        Path directory = Path.of(System.getProperty("user.home"), ".cache", "mp4j", "aot");
        long deadline = System.nanoTime() + 150_000_000_000L;
        Path cache = null;
        while (cache == null && System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    cache = files.filter(f -> f.getFileName().toString().endsWith(".aot")).findFirst().orElse(null);
                }
            }
            if (cache == null) {
                Thread.sleep(100); // polling a directory another process writes: no condition to wait on
            }
        }
        if (cache == null) {
            System.out.println("no cache written");
            System.exit(1);
        }
        System.out.println("cache: " + cache.getFileName());
        Process strict = Process.builder().target(() -> { }).jvmOptions("-XX:AOTMode=on").build();
        strict.start();
        strict.join();
        System.out.println("child with AOTMode=on exited " + strict.exitCode().getAsInt());
        System.exit(strict.exitCode().getAsInt());
    }
}
