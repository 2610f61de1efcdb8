package dev.mp4j.internal.process;

import dev.mp4j.Process;
import dev.mp4j.sync.Event;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link AotCacheTest} in a JVM of its own, with a class path of jars only: {@code start}
 * runs one Process and exits at once; {@code strict} runs one whose JVM must start from the AOT
 * cache ({@code -XX:AOTMode=on}), sets an {@link Event} (the child links the futex downcall) and
 * opens an HTTP connection object, and prints where the child's JVM loaded the futex class and the
 * JDK's HTTP client class from; it exits with the child's exit code.
 */
public final class AotTrainingCheck {
    private AotTrainingCheck() {
    }

    private static void strictChild(Event set) {
        set.set();
        try {
            java.net.URI.create("http://127.0.0.1:9/").toURL().openConnection(); // not connected
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("start")) {
            Process first = Process.of(() -> { });
            first.start();
            first.join();
            System.out.println("started and joined one process");
            return;
        }
        Path classLog = Files.createTempFile("mp4j-aot-classes-", ".log");
        Event set = Event.create();
        Process strict = Process.builder().target(() -> strictChild(set))
                .jvmOptions("-XX:AOTMode=on", "-Xlog:class+load=info:file=" + classLog).build();
        strict.start();
        strict.join();
        System.out.println("child with AOTMode=on exited " + strict.exitCode().getAsInt() + ", event set " + set.isSet());
        for (String line : Files.readAllLines(classLog)) {
            if (line.contains(" dev.mp4j.internal.shm.Futex source:")) {
                System.out.println("futex class " + line.substring(line.indexOf("source:")));
            }
            if (line.contains(" sun.net.www.protocol.http.HttpURLConnection source:")) {
                System.out.println("HTTP client class " + line.substring(line.indexOf("source:")));
            }
        }
        Files.deleteIfExists(classLog);
        System.exit(strict.exitCode().getAsInt());
    }
}
