package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedLock;
import org.redisson.api.RLock;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A manager lock across machines. {@code lock}: Python's Lock, not reentrant and releasable by
 * any holder's peer, as a one-permit Redis semaphore (RSemaphore). {@code rlock}: Python's RLock,
 * reentrant and owned by the acquiring thread, as Redisson's RLock, whose watchdog lease frees it
 * when the owner's JVM dies.
 */
final class ClusterLock implements SharedLock, Serializable {
    private final transient RSemaphore permit;
    private final transient RLock reentrant;
    private final String name;
    private final boolean isReentrant;

    ClusterLock(RedissonClient client, String key, String name, boolean reentrant) {
        this.name = name;
        this.isReentrant = reentrant;
        if (reentrant) {
            this.reentrant = client.getLock(key + ":rlock");
            this.permit = null;
        } else {
            this.permit = client.getSemaphore(key + ":lock");
            this.permit.trySetPermits(1);
            this.reentrant = null;
        }
    }

    @Override
    public void lock() {
        if (isReentrant) {
            reentrant.lock();
        } else {
            try {
                permit.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while acquiring cluster lock '" + name + "'", e);
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (isReentrant) {
            reentrant.lockInterruptibly();
        } else {
            permit.acquire();
        }
    }

    @Override
    public boolean tryLock() {
        return isReentrant ? reentrant.tryLock() : permit.tryAcquire();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return isReentrant ? reentrant.tryLock(time, unit) : permit.tryAcquire(java.time.Duration.ofNanos(unit.toNanos(time)));
    }

    @Override
    public void unlock() {
        if (isReentrant) {
            if (!reentrant.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("cannot release un-acquired cluster rlock '" + name + "'");
            }
            reentrant.unlock();
        } else {
            if (permit.availablePermits() > 0) {
                throw new IllegalStateException("release unlocked cluster lock '" + name + "'");
            }
            permit.release();
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("cluster locks have no conditions: use a cluster event or queue to signal");
    }

    @Override
    public boolean isLocked() {
        return isReentrant ? reentrant.isLocked() : permit.availablePermits() == 0;
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle(isReentrant ? "rlock" : "lock", name, 0);
    }
}
