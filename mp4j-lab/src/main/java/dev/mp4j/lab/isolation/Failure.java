package dev.mp4j.lab.isolation;

/** The three ways a task can take more than itself down, as the isolation table tries them. */
public enum Failure {
    EXIT("a task calls System.exit(3) (CPython: sys.exit(3))"),
    HEAP("a task allocates until its heap is exhausted (" + IsolationProbe.HEAP_MB + " MB: -Xmx for Java,"
            + " RLIMIT_AS above the worker's size for CPython)"),
    STUCK("a task loops forever, ignoring interrupts, past its " + IsolationProbe.TIMEOUT.toSeconds() + " s timeout");

    private final String description;

    Failure(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name the probe and the CPython twin take: exit, heap, stuck. */
    public String argument() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
