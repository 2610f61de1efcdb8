package dev.mp4j.internal.process;

import java.util.Optional;

/**
 * Facts about this JVM as an mp4j child: set once by {@link WorkerMain} before any task runs and
 * never changed afterwards; fields are volatile so every thread sees them.
 */
public final class ChildContext {
    private static volatile String name = "MainProcess";
    private static volatile String identity = "";
    private static volatile boolean daemon;
    private static volatile long parentPid = -1;
    private static volatile String parentName;

    private ChildContext() {
    }

    public static void set(String name, String identity, boolean daemon, long parentPid, String parentName) {
        ChildContext.name = name;
        ChildContext.identity = identity;
        ChildContext.daemon = daemon;
        ChildContext.parentPid = parentPid;
        ChildContext.parentName = parentName;
    }

    public static String name() {
        return name;
    }

    /** Python's {@code _identity}: "" in the main process, "1", "1:2", ... in children. */
    public static String identity() {
        return identity;
    }

    public static boolean daemon() {
        return daemon;
    }

    public static boolean isChild() {
        return parentPid > 0;
    }

    public static Optional<Long> parentPid() {
        return parentPid > 0 ? Optional.of(parentPid) : Optional.empty();
    }

    public static String parentName() {
        return parentName;
    }
}
