package dev.mp4j.sync;

/**
 * The process that held a lock died without releasing it (robust-mutex semantics; CPython would
 * deadlock here). Thrown once, to the first acquirer that notices; the lock has been freed by then
 * and is not held by anyone, so the caller may simply acquire again. The data the lock guarded may
 * be half updated: check or rebuild it before trusting it.
 */
public final class LockOwnerDiedException extends IllegalStateException {
    /** The pid of the process that died holding the lock. */
    private final long deadPid;

    /**
     * Creates the exception.
     *
     * @param deadPid the pid of the process that died holding the lock
     */
    public LockOwnerDiedException(long deadPid) {
        super("process " + deadPid + " died while holding this lock; the lock has been freed, the data it"
                + " guarded may be inconsistent: check it, then acquire again");
        this.deadPid = deadPid;
    }

    /**
     * The process that died holding the lock.
     *
     * @return its pid
     */
    public long deadPid() {
        return deadPid;
    }
}
