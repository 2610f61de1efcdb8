package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedSemaphore;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/** A manager semaphore as a Redis semaphore (RSemaphore); the first creator sets the permits. */
final class ClusterSemaphore implements SharedSemaphore, Serializable {
    private final transient RSemaphore semaphore;
    private final String name;
    private final int permits;

    ClusterSemaphore(RedissonClient client, String key, String name, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, got " + permits);
        }
        this.semaphore = client.getSemaphore(key + ":semaphore");
        this.semaphore.trySetPermits(permits);
        this.name = name;
        this.permits = permits;
    }

    @Override
    public void acquire() throws InterruptedException {
        semaphore.acquire();
    }

    @Override
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return semaphore.tryAcquire(timeout);
    }

    @Override
    public void release() {
        semaphore.release();
    }

    @Override
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("semaphore", name, permits);
    }
}
