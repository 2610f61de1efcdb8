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
 *
 * <p>Python has no cluster of its own; the nearest is a {@code BaseManager} served on TCP
 * ({@code manager.get_server().serve_forever()}) with every process connecting to it, where
 * objects are found by registered name as here.
 */
public final class Cluster implements AutoCloseable {
    private final RedisAddress address;
    private final RedissonClient client;
    private volatile boolean closed;

    private Cluster(RedisAddress address) {
        this.address = address;
        this.client = RedisConnections.acquire(address);
    }

    /**
     * Connects to the cluster's Redis (Python's {@code BaseManager(address, authkey).connect()},
     * the password being the authkey).
     *
     * @param address {@code redis://[[user]:password@]host:port}, {@code rediss://} for TLS
     * @return the connection, which the caller closes
     * @throws IllegalArgumentException when {@code address} cannot be parsed
     * @throws dev.mp4j.AuthenticationException when Redis refuses the password or requires one
     * @throws IllegalStateException when Redis cannot be reached
     */
    public static Cluster connect(String address) {
        return new Cluster(RedisAddress.parse(address));
    }

    /**
     * Connects to the cluster's Redis at a parsed address.
     *
     * @param address the server and its credentials
     * @return the connection, which the caller closes
     * @throws dev.mp4j.AuthenticationException when Redis refuses the password or requires one
     * @throws IllegalStateException when Redis cannot be reached
     * @throws NullPointerException when {@code address} is null
     */
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

    /**
     * A shared dict, kept in a Redis hash (Python's {@code manager.dict()}).
     *
     * @param <K>  the type of the keys, serializable
     * @param <V>  the type of the values, serializable
     * @param name the object's name, the same in every JVM
     * @return the map, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <K, V> SharedMap<K, V> dict(String name) {
        return create("dict", name, 0);
    }

    /**
     * A shared list, kept in a Redis list (Python's {@code manager.list()}).
     *
     * @param <E>  the type of the elements, serializable
     * @param name the object's name, the same in every JVM
     * @return the list, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <E> SharedList<E> list(String name) {
        return create("list", name, 0);
    }

    /**
     * An unbounded FIFO queue, a Redis list with blocking pops (Python's {@code manager.Queue()}).
     *
     * @param <E>  the type of the items, serializable
     * @param name the object's name, the same in every JVM
     * @return the queue, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <E> SharedQueue<E> queue(String name) {
        return create("queue", name, 0);
    }

    /**
     * A FIFO queue holding at most {@code maxsize} items (Python's {@code manager.Queue(maxsize)}).
     *
     * @param <E>     the type of the items, serializable
     * @param name    the object's name, the same in every JVM
     * @param maxsize the item limit, 0 for none; fixed by the name's first creator
     * @return the queue, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank, or {@code maxsize} is negative
     */
    public <E> SharedQueue<E> queue(String name, int maxsize) {
        requireMaxsize(maxsize);
        return create("queue", name, maxsize);
    }

    /**
     * An unbounded queue with {@code taskDone()} and {@code join()} (Python's
     * {@code manager.JoinableQueue()}).
     *
     * @param <E>  the type of the items, serializable
     * @param name the object's name, the same in every JVM
     * @return the queue, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <E> SharedQueue<E> joinableQueue(String name) {
        return create("joinableQueue", name, 0);
    }

    /**
     * A joinable queue holding at most {@code maxsize} items (Python's
     * {@code manager.JoinableQueue(maxsize)}).
     *
     * @param <E>     the type of the items, serializable
     * @param name    the object's name, the same in every JVM
     * @param maxsize the item limit, 0 for none; fixed by the name's first creator
     * @return the queue, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank, or {@code maxsize} is negative
     */
    public <E> SharedQueue<E> joinableQueue(String name, int maxsize) {
        requireMaxsize(maxsize);
        return create("joinableQueue", name, maxsize);
    }

    private static void requireMaxsize(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0: unbounded), got " + maxsize);
        }
    }

    /**
     * Python's {@code manager.Lock()}: not reentrant, releasable by anyone (a one-permit Redis
     * semaphore).
     *
     * @param name the object's name, the same in every JVM
     * @return the lock, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SharedLock lock(String name) {
        return create("lock", name, 0);
    }

    /**
     * Python's {@code manager.RLock()}: reentrant, owned by a thread (a Redisson RLock, freed by
     * its lease if the owner's JVM dies).
     *
     * @param name the object's name, the same in every JVM
     * @return the lock, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SharedLock rlock(String name) {
        return create("rlock", name, 0);
    }

    /**
     * A semaphore (Python's {@code manager.Semaphore(value)}).
     *
     * @param name    the object's name, the same in every JVM
     * @param permits the initial permits, fixed by the name's first creator
     * @return the semaphore, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SharedSemaphore semaphore(String name, int permits) {
        return create("semaphore", name, permits);
    }

    /**
     * An event (Python's {@code manager.Event()}).
     *
     * @param name the object's name, the same in every JVM
     * @return the event, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SharedEvent event(String name) {
        return create("event", name, 0);
    }

    /**
     * A barrier (Python's {@code manager.Barrier(parties)}).
     *
     * @param name    the object's name, the same in every JVM
     * @param parties the number of parties, fixed by the name's first creator
     * @return the barrier, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SharedBarrier barrier(String name, int parties) {
        return create("barrier", name, parties);
    }

    /**
     * A shared value (Python's {@code manager.Value(typecode, value)}); {@code initial} is stored
     * only if the name has no value yet.
     *
     * @param <T>     the type of the value, serializable
     * @param name    the object's name, the same in every JVM
     * @param initial the value to start with, or null to leave it unset
     * @return the value, shared with every JVM that asks for the name
     * @throws IllegalStateException when this connection is closed
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <T> SharedValue<T> value(String name, T initial) {
        SharedValue<T> value = create("value", name, 0);
        if (initial != null && value.get() == null) {
            value.compareAndSet(null, initial);
        }
        return value;
    }

    /**
     * Always throws: raw shared memory cannot span machines. There so that code moved from a
     * manager or {@code shm} finds the reason and the alternatives here.
     *
     * @param name ignored
     * @param size ignored
     * @return never
     * @throws UnsupportedOperationException naming the alternatives
     */
    public Object sharedMemory(String name, int size) {
        throw new UnsupportedOperationException("shared memory (SharedMemory, shm.Value, shm.Array) cannot exist across machines"
                + " on Engine.CLUSTER: use cluster.value(name, initial) for a number or object, cluster.list(name) for an"
                + " array, or cluster.dict(name) for keyed data");
    }

    /**
     * The live worker JVMs: those whose heartbeat key has not expired.
     *
     * @return {@code host/pid} → number of worker threads, sorted by id
     */
    public Map<String, Integer> workers() {
        Map<String, Integer> workers = new java.util.TreeMap<>();
        List<ClusterMembers.Member> members = ClusterMembers.list(client);
        members.forEach(m -> workers.put(m.id(), m.workers()));
        return workers;
    }

    /**
     * Where this connection goes.
     *
     * @return the Redis address, with its credentials
     */
    public RedisAddress address() {
        return address;
    }

    /**
     * Releases this connection (the Redis client is shared by every connection of this JVM to
     * the same address, and closed with the last). The objects stay in Redis. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            RedisConnections.release(address);
        }
    }
}
