package dev.mp4j.internal.process;

import dev.mp4j.Process;

/**
 * Run by {@link AotCacheTest} in a JVM of its own, with a class path of jars only: {@code start}
 * runs one Process and exits at once; {@code strict} runs one whose JVM must start from the AOT
 * cache ({@code -XX:AOTMode=on}) and exits with its exit code.
 */
public final class AotTrainingCheck {
    private AotTrainingCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("start")) {
            Process first = Process.of(() -> { });
            first.start();
            first.join();
            System.out.println("started and joined one process");
            return;
        }
        Process strict = Process.builder().target(() -> { }).jvmOptions("-XX:AOTMode=on").build();
        strict.start();
        strict.join();
        System.out.println("child with AOTMode=on exited " + strict.exitCode().getAsInt());
        System.exit(strict.exitCode().getAsInt());
    }
}
