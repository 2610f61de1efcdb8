package dev.mp4j.cluster;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The tests' real class path (surefire runs them through a manifest-only jar), for worker JVMs. */
final class TestClassPath {
    private TestClassPath() {
    }

    static String full() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The class path without this module's test classes: a worker that lacks the tests' task classes. */
    static String withoutTestClasses() {
        return Arrays.stream(full().split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("mp4j-cluster/target/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
