package dev.mp4j.internal.process;

import java.util.Optional;

/**
 * Facts about this JVM as an mp4j child: set once by its role (a process, a pool worker) on the
 * main thread before any task runs, and never changed afterwards except the target-decoding flag,
 * which {@link ProcessRole} clears once its target is decoded; fields are volatile so every thread
 * sees them.
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

    private static volatile boolean poolWorker;

    /** Marks this JVM as a process pool's worker (whose processes are daemonic, as in Python). */
    public static void markPoolWorker() {
        poolWorker = true;
    }

    /** Whether this JVM is a process pool's worker. */
    public static boolean isPoolWorker() {
        return poolWorker;
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

    /**
     * The class of this child's {@code Process} target (a lambda's capturing class, or the target's
     * own class), or null: set by {@link ProcessRole} before the target is decoded.
     */
    private static volatile String targetClass;
    /** True while the target is decoded (its class may be initialized then). */
    private static volatile boolean decodingTarget;

    static void decodingTarget(String className) {
        targetClass = className;
        decodingTarget = true;
    }

    static void targetDecoded(String className) {
        targetClass = className;
        decodingTarget = false;
    }

    /**
     * Refuses to start a child process (or a process pool) while this child bootstraps: while it
     * decodes its target, or from the static initializer of its target's class. A class whose static
     * initializer starts a process with a lambda of its own would otherwise have each child run
     * that initializer again and start the next child, without end. Python's spawn refuses the same
     * ("An attempt has been made to start a new process before the current process has finished its
     * bootstrapping phase"). Cheap outside a child: one volatile read.
     *
     * @param what what was asked for, for the message ("a process", "a process pool")
     */
    public static void checkNotBootstrapping(String what) {
        String target = targetClass;
        if (target == null) {
            return;
        }
        boolean inTargetsInitializer = decodingTarget || StackWalker.getInstance().walk(frames -> frames.anyMatch(
                frame -> frame.getMethodName().equals("<clinit>") && frame.getClassName().equals(target)));
        if (inTargetsInitializer) {
            String by = target.isEmpty() ? "a static initializer run while it decoded its target"
                    : "the static initializer of " + target + ", the class of its own target,";
            throw new IllegalStateException("an attempt has been made to start " + what + " before the current process ("
                    + name + ", pid " + ProcessHandle.current().pid() + ") has finished its bootstrapping phase: " + by
                    + " started it, so every child would start another. Start processes and pools in main() or a"
                    + " method it calls, not in a static initializer (Python's if __name__ == '__main__': guard)");
        }
    }
}
