package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedCondition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of Lock, RLock and Condition. Ownership is by {@link CallContext#caller()},
 * not by server thread, because one client thread's calls may arrive on different connections.
 *
 * <p>Non-reentrant mode (Python's Lock): no owner, any caller may release. Reentrant mode (RLock
 * and Condition): the owner may acquire again and must release as often.
 *
 * <p>All state is guarded by {@code monitor}.
 */
final class LockTarget implements SharedCondition {
    private final boolean reentrant;
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition released = monitor.newCondition();
    private final Condition signalled = monitor.newCondition();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private String owner;
    private int holds;

    private static final class Waiter {
        boolean woken;
    }

    LockTarget(boolean reentrant) {
        this.reentrant = reentrant;
    }

    @Override
    public void lock() {
        try {
            acquire(-1);
        } catch (InterruptedException e) {
            throw CallContext.shutdown(e);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(-1);
    }

    @Override
    public boolean tryLock() {
        try {
            return acquire(0);
        } catch (InterruptedException e) {
            throw CallContext.shutdown(e);
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Math.max(0, unit.toNanos(time)));
    }

    /** Acquires, waiting forever ({@code nanos < 0}) or at most {@code nanos}. */
    private boolean acquire(long nanos) throws InterruptedException {
        return acquireTimed(nanos >= 0, nanos);
    }

    private boolean acquireTimed(boolean timed, long nanos) throws InterruptedException {
        String caller = CallContext.caller();
        monitor.lockInterruptibly();
        try {
            if (reentrant && caller.equals(owner)) {
                holds++;
                return true;
            }
            while (holds > 0) {
                if (!timed) {
                    released.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = released.awaitNanos(nanos);
                }
            }
            owner = caller;
            holds = 1;
            return true;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void unlock() {
        String caller = CallContext.caller();
        monitor.lock();
        try {
            if (holds == 0) {
                throw new IllegalMonitorStateException("release of an unlocked lock");
            }
            if (reentrant && !caller.equals(owner)) {
                throw new IllegalMonitorStateException("cannot release a lock held by another thread");
            }
            if (--holds == 0) {
                owner = null;
                released.signal();
            }
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public boolean isLocked() {
        monitor.lock();
        try {
            return holds > 0;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("use Manager.condition() for a shared condition variable");
    }

    @Override
    public void await() throws InterruptedException {
        awaitSignal(-1);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitSignal(Math.max(0, timeout.toNanos()));
    }

    private boolean awaitSignal(long nanos) throws InterruptedException {
        boolean timed = nanos >= 0;
        String caller = CallContext.caller();
        monitor.lockInterruptibly();
        try {
            checkOwner(caller, "wait on");
            int savedHolds = holds;
            holds = 0;
            owner = null;
            released.signal();
            Waiter me = new Waiter();
            waiters.addLast(me);
            try {
                while (!me.woken) {
                    if (!timed) {
                        signalled.await();
                    } else if (nanos <= 0) {
                        break;
                    } else {
                        nanos = signalled.awaitNanos(nanos);
                    }
                }
            } finally {
                if (!me.woken) {
                    waiters.remove(me);
                }
                while (holds > 0) {
                    released.awaitUninterruptibly();
                }
                owner = caller;
                holds = savedHolds;
            }
            return me.woken;
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot signal a negative number of waiters: " + n);
        }
        monitor.lock();
        try {
            checkOwner(CallContext.caller(), "notify on");
            for (int i = 0; i < n && !waiters.isEmpty(); i++) {
                waiters.pollFirst().woken = true;
            }
            signalled.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void checkOwner(String caller, String action) {
        if (holds == 0 || !caller.equals(owner)) {
            throw new IllegalMonitorStateException("cannot " + action + " an un-acquired lock");
        }
    }

    @Override
    public String toString() {
        return (reentrant ? "RLock" : "Lock") + "[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
