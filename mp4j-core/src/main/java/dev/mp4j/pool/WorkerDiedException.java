package dev.mp4j.pool;

/**
 * The worker running a task died (killed, {@code System.exit}, out of memory, a native crash)
 * before returning its result. Only the tasks that worker held fail with this; the pool starts a
 * replacement worker and keeps serving.
 */
public final class WorkerDiedException extends RuntimeException {
    /** The dead worker's pid. */
    private final long pid;
    /** The dead worker's exit code, Python's convention. */
    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param pid      the worker's OS process id
     * @param exitCode its exit code ({@code -N} after signal N)
     * @param detail   what else is known (how the connection to it failed), or null
     */
    public WorkerDiedException(long pid, int exitCode, String detail) {
        super("pool worker pid " + pid + " died with exit code " + exitCode + describe(exitCode)
                + " while running this task" + (detail == null ? "" : ": " + detail));
        this.pid = pid;
        this.exitCode = exitCode;
    }

    private static String describe(int exitCode) {
        return switch (exitCode) {
            case -9 -> " (SIGKILL)";
            case -15 -> " (SIGTERM)";
            case -11 -> " (SIGSEGV)";
            case -6 -> " (SIGABRT)";
            default -> "";
        };
    }

    /**
     * The worker's OS process id.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * Python's exit code of the worker: its exit status, or -N after signal N.
     *
     * @return the code, for example -9 after SIGKILL
     */
    public int exitCode() {
        return exitCode;
    }
}
