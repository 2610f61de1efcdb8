package dev.mp4j.manager;

import java.util.concurrent.locks.Lock;

/**
 * A lock held by a manager server: {@code manager.Lock()} (not reentrant, may be released by any
 * thread or process, as Python's) or {@code manager.RLock()} (reentrant, owned by the acquiring
 * thread of the acquiring process).
 *
 * <p>{@link #unlock()} of a lock that is not held (or, for an RLock, not held by the caller)
 * throws {@link IllegalMonitorStateException}. {@link #newCondition()} is not supported: use
 * {@link Manager#condition()}. An interrupt of the waiting thread does not cancel a wait already
 * running in the server.
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 */
public interface SharedLock extends Lock {

    /**
     * Python's {@code locked()}.
     *
     * @return true while some thread of some process holds the lock
     */
    boolean isLocked();
}
