package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedEvent;
import org.redisson.api.RCountDownLatch;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Python's Event across machines, on Redisson's count-down latch (which wakes waiters through a
 * Redis topic): unset is count 1, {@code set} counts down to 0 and releases every waiter,
 * {@code clear} sets the count back to 1. Only the first creator starts it unset: a handle
 * arriving on a worker attaches to its current state.
 */
final class ClusterEvent implements SharedEvent, Serializable {
    private final transient RCountDownLatch latch;
    private final String name;

    ClusterEvent(RedissonClient client, String key, String name) {
        this.latch = client.getCountDownLatch(key + ":event");
        if (client.getBucket(key + ":event-created").setIfAbsent(Boolean.TRUE)) {
            this.latch.trySetCount(1);
        }
        this.name = name;
    }

    @Override
    public void set() {
        latch.countDown();
    }

    @Override
    public void clear() {
        latch.trySetCount(1);
    }

    @Override
    public boolean isSet() {
        return latch.getCount() == 0;
    }

    @Override
    public void await() throws InterruptedException {
        latch.await();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("event", name, 0);
    }
}
