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
 */
public interface SharedLock extends Lock {

    /** True while some thread holds the lock. */
    boolean isLocked();
}
