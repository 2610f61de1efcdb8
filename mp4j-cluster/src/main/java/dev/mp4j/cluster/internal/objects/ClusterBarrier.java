package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedBarrier;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RCountDownLatch;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's Barrier across machines on Redisson primitives. Each round ("generation" g) has an
 * arrival counter and a count-down latch; the {@code parties}-th arrival opens the latch and
 * starts generation g+1. A waiter that times out, or a {@link #reset()}, breaks the round: the
 * broken flag is set and the latch opened, so every waiter of that round gets
 * {@link BrokenBarrierException}. {@link #reset()} then starts a fresh round.
 */
final class ClusterBarrier implements SharedBarrier, Serializable {
    private final transient RedissonClient client;
    private final transient RAtomicLong generation;
    private final String key;
    private final String name;
    private final int parties;

    ClusterBarrier(RedissonClient client, String key, String name, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, got " + parties);
        }
        this.client = client;
        this.key = key + ":barrier";
        this.generation = client.getAtomicLong(this.key + ":generation");
        this.name = name;
        this.parties = parties;
    }

    private RAtomicLong arrived(long g) {
        return client.getAtomicLong(key + ":" + g + ":arrived");
    }

    private RCountDownLatch latch(long g) {
        return client.getCountDownLatch(key + ":" + g + ":latch");
    }

    private RBucket<Boolean> broken(long g) {
        return client.getBucket(key + ":" + g + ":broken");
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(null);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long g = generation.get();
        if (Boolean.TRUE.equals(broken(g).get())) {
            throw new BrokenBarrierException();
        }
        RCountDownLatch latch = latch(g);
        if (client.getBucket(key + ":" + g + ":created").setIfAbsent(Boolean.TRUE)) {
            latch.trySetCount(1);
        }
        long index = arrived(g).incrementAndGet();
        if (index == parties) {
            generation.compareAndSet(g, g + 1);
            latch.countDown();
            return 0;
        }
        boolean opened;
        if (timeout == null) {
            latch.await();
            opened = true;
        } else {
            opened = latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (!opened) {
            breakRound(g);
            throw new TimeoutException("cluster barrier '" + name + "' was not passed within " + timeout + "; it is now broken");
        }
        if (Boolean.TRUE.equals(broken(g).get())) {
            throw new BrokenBarrierException();
        }
        return (int) (parties - index);
    }

    private void breakRound(long g) {
        broken(g).set(Boolean.TRUE);
        latch(g).countDown();
    }

    @Override
    public void reset() {
        long g = generation.get();
        if (arrived(g).get() > 0) {
            breakRound(g);
        }
        generation.compareAndSet(g, g + 1);
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int numberWaiting() {
        long waiting = arrived(generation.get()).get();
        return (int) Math.min(waiting, parties - 1);
    }

    @Override
    public boolean isBroken() {
        return Boolean.TRUE.equals(broken(generation.get()).get());
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("barrier", name, parties);
    }
}
