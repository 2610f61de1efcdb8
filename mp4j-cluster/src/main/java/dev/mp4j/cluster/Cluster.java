package dev.mp4j.cluster;

import dev.mp4j.cluster.internal.ClusterMembers;
import dev.mp4j.cluster.internal.RedisConnections;
import dev.mp4j.cluster.internal.objects.ClusterObjects;
import dev.mp4j.manager.SharedBarrier;
import dev.mp4j.manager.SharedEvent;
import dev.mp4j.manager.SharedList;
import dev.mp4j.manager.SharedLock;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.manager.SharedQueue;
import dev.mp4j.manager.SharedSemaphore;
import dev.mp4j.manager.SharedValue;
import org.redisson.api.RedissonClient;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's shared objects: {@code Manager}'s API with Redis behind it, so code written
 * against {@link SharedMap}, {@link SharedQueue}, {@link SharedLock}... runs unchanged when it
 * moves from a manager to a cluster. Objects are named: every JVM (caller or worker) that asks
 * for {@code queue("jobs")} gets the same Redis list, and an object captured by a cluster task
 * re-attaches on the worker. The first creator of a name fixes its initial state (permits,
 * capacity, value); later creators attach to it.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.connect("redis://127.0.0.1:6379")) {
 *     SharedQueue<String> jobs = cluster.queue("jobs");
 *     SharedMap<String, Integer> counts = cluster.dict("counts");
 * }
 * }</pre>
 *
 * <p>Not available across machines: raw shared memory ({@code SharedMemory}, {@code shm.Value},
 * {@code shm.Array}) and conditions; {@link #sharedMemory} says what to use instead. Thread-safe.
 */
public final class Cluster implements AutoCloseable {
    private final RedisAddress address;
    private final RedissonClient client;
    private volatile boolean closed;

    private Cluster(RedisAddress address) {
        this.address = address;
        this.client = RedisConnections.acquire(address);
    }

    /** Connects to the cluster's Redis ({@code redis://[:password@]host:port}). */
    public static Cluster connect(String address) {
        return new Cluster(RedisAddress.parse(address));
    }

    public static Cluster connect(RedisAddress address) {
        return new Cluster(Objects.requireNonNull(address, "address"));
    }

    private <T> T create(String kind, String name, int argument) {
        if (closed) {
            throw new IllegalStateException("cluster connection is closed");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a cluster object needs a non-blank name (every JVM finds it by name)");
        }
        @SuppressWarnings("unchecked")
        T object = (T) ClusterObjects.create(client, kind, name, argument);
        return object;
    }

    /** A shared dict (Redis hash). */
    public <K, V> SharedMap<K, V> dict(String name) {
        return create("dict", name, 0);
    }

    /** A shared list (Redis list). */
    public <E> SharedList<E> list(String name) {
        return create("list", name, 0);
    }

    /** An unbounded FIFO queue (Redis list with blocking pops). */
    public <E> SharedQueue<E> queue(String name) {
        return create("queue", name, 0);
    }

    /** A FIFO queue holding at most {@code maxsize} items (0: unbounded). */
    public <E> SharedQueue<E> queue(String name, int maxsize) {
        requireMaxsize(maxsize);
        return create("queue", name, maxsize);
    }

    /** A queue with {@code taskDone()} and {@code join()} (Python's JoinableQueue). */
    public <E> SharedQueue<E> joinableQueue(String name) {
        return create("joinableQueue", name, 0);
    }

    public <E> SharedQueue<E> joinableQueue(String name, int maxsize) {
        requireMaxsize(maxsize);
        return create("joinableQueue", name, maxsize);
    }

    private static void requireMaxsize(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0: unbounded), got " + maxsize);
        }
    }

    /** Python's Lock: not reentrant (a one-permit Redis semaphore). */
    public SharedLock lock(String name) {
        return create("lock", name, 0);
    }

    /** Python's RLock: reentrant, owned by a thread (Redisson RLock, freed by its lease if the owner dies). */
    public SharedLock rlock(String name) {
        return create("rlock", name, 0);
    }

    public SharedSemaphore semaphore(String name, int permits) {
        return create("semaphore", name, permits);
    }

    public SharedEvent event(String name) {
        return create("event", name, 0);
    }

    public SharedBarrier barrier(String name, int parties) {
        return create("barrier", name, parties);
    }

    /** A shared value; {@code initial} is stored only if the name has no value yet. */
    public <T> SharedValue<T> value(String name, T initial) {
        SharedValue<T> value = create("value", name, 0);
        if (initial != null && value.get() == null) {
            value.compareAndSet(null, initial);
        }
        return value;
    }

    /**
     * Always throws: raw shared memory cannot span machines.
     *
     * @throws UnsupportedOperationException naming the alternatives
     */
    public Object sharedMemory(String name, int size) {
        throw new UnsupportedOperationException("shared memory (SharedMemory, shm.Value, shm.Array) cannot exist across machines"
                + " on Engine.CLUSTER: use cluster.value(name, initial) for a number or object, cluster.list(name) for an"
                + " array, or cluster.dict(name) for keyed data");
    }

    /** The live worker JVMs ({@code host/pid} → number of worker threads). */
    public Map<String, Integer> workers() {
        Map<String, Integer> workers = new java.util.TreeMap<>();
        List<ClusterMembers.Member> members = ClusterMembers.list(client);
        members.forEach(m -> workers.put(m.id(), m.workers()));
        return workers;
    }

    public RedisAddress address() {
        return address;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            RedisConnections.release(address);
        }
    }
}
