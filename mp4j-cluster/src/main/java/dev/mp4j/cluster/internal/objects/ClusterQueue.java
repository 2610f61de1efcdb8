package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedQueue;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RBoundedBlockingQueue;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A manager queue as a Redis list: Redisson's RBlockingQueue, or RBoundedBlockingQueue when it
 * has a maxsize (0: unbounded). A joinable queue also counts unfinished items in a Redis counter:
 * {@code put} adds one, {@code taskDone} removes one, {@code join} waits for zero.
 */
final class ClusterQueue<E> implements SharedQueue<E>, Serializable {
    private static final long JOIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final transient RBlockingQueue<E> queue;
    private final transient RAtomicLong unfinished;
    private final String name;
    private final int maxsize;
    private final boolean joinable;

    ClusterQueue(RedissonClient client, String key, String name, int maxsize, boolean joinable) {
        if (maxsize > 0) {
            RBoundedBlockingQueue<E> bounded = client.getBoundedBlockingQueue(key);
            if (!bounded.trySetCapacity(maxsize) && bounded.remainingCapacity() + bounded.size() != maxsize) {
                throw new IllegalStateException("cluster queue '" + name + "' already exists with capacity "
                        + (bounded.remainingCapacity() + bounded.size()) + ", not " + maxsize);
            }
            this.queue = bounded;
        } else {
            this.queue = client.getBlockingQueue(key);
        }
        this.unfinished = client.getAtomicLong(key + ":unfinished");
        this.name = name;
        this.maxsize = maxsize;
        this.joinable = joinable;
    }

    @Override
    public void put(E item) throws InterruptedException {
        queue.put(item);
        added();
    }

    private void added() {
        if (joinable) {
            unfinished.incrementAndGet();
        }
    }

    @Override
    public boolean offer(E item) {
        boolean added = queue.offer(item);
        if (added) {
            added();
        }
        return added;
    }

    @Override
    public boolean offer(E item, Duration timeout) throws InterruptedException {
        boolean added = queue.offer(item, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (added) {
            added();
        }
        return added;
    }

    @Override
    public E take() throws InterruptedException {
        return queue.take();
    }

    @Override
    public E poll() {
        return queue.poll();
    }

    @Override
    public E poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public void taskDone() {
        requireJoinable("taskDone");
        if (unfinished.decrementAndGet() < 0) {
            unfinished.incrementAndGet();
            throw new IllegalStateException("taskDone() called more times than there were items put in cluster queue '" + name + "'");
        }
    }

    @Override
    public void join() throws InterruptedException {
        requireJoinable("join");
        while (unfinished.get() > 0) {
            LockSupport.parkNanos(JOIN_POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void requireJoinable(String call) {
        if (!joinable) {
            throw new UnsupportedOperationException(call + "() needs a joinable queue: create it with cluster.joinableQueue(\"" + name + "\")");
        }
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle(joinable ? "joinableQueue" : "queue", name, maxsize);
    }
}
