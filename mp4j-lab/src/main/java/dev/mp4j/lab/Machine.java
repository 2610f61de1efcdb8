package dev.mp4j.lab;

import java.lang.management.ManagementFactory;

/**
 * What the lab ran on: every report states it, since speedups only mean something for a machine.
 *
 * @param cores        available processors
 * @param memoryBytes  physical memory
 * @param jdk          vendor and version of this JVM
 * @param os           operating system and architecture
 * @param python       the CPython version the twins ran on, or {@code null} when they did not run
 */
public record Machine(int cores, long memoryBytes, String jdk, String os, String python) {
    /** This machine; {@code python} as found by the caller. */
    public static Machine current(String python) {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                python);
    }

    /** One line: "2 cores, 23.4 GiB, JDK ..., Linux ...". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB memory, JDK %s, %s%s", cores,
                memoryBytes / (double) (1L << 30), jdk, os, python == null ? "" : ", " + python);
    }
}
