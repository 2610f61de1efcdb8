package dev.mp4j.manager;

import dev.mp4j.AuthenticationException;
import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.connection.Address;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Listener;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableSupplier;
import dev.mp4j.internal.manager.BuiltinType;
import dev.mp4j.internal.manager.CustomType;
import dev.mp4j.internal.manager.ManagerClient;
import dev.mp4j.internal.manager.ManagerServerCore;
import dev.mp4j.internal.manager.ServerLauncher;
import dev.mp4j.internal.runtime.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A manager: a server holding shared objects that any process reaches through proxies (Python's
 * {@code multiprocessing.Manager()} / {@code SyncManager}).
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     SharedMap<Integer, Integer> d = manager.dict();
 *     List<Process> jobs = IntStream.range(0, 10)
 *             .mapToObj(i -> Process.of(() -> d.put(i, i * 2))).toList();
 *     for (Process p : jobs) p.start();
 *     for (Process p : jobs) p.join();
 *     System.out.println(d);
 * }
 * }</pre>
 *
 * <p>{@link #start()} runs the server in its own child JVM ({@link Engine#PROCESSES}, the default;
 * it dies with this JVM) or on threads of this JVM ({@link Engine#THREADS}); {@link #close()}
 * shuts it down. {@link #connect} joins a server another JVM runs ({@link Builder#serve()}).
 *
 * <p>Proxies are serializable: a proxy captured by a {@code Process} target, sent through a queue
 * or stored in another shared object arrives as a working proxy of the same object. Each proxy
 * holds one reference on its object (released when the proxy becomes unreachable or its JVM
 * exits); the server drops an object when no proxy of it remains, and all objects at shutdown. A proxy carries the authkey so that the processes it is sent to can
 * authenticate; its {@code toString} never shows it.
 *
 * <p>A call whose server-side method throws rethrows that exception with the server's stack trace
 * followed by the caller's (or a {@link RemoteException} when it cannot be rethrown as itself). A
 * server that is gone makes calls throw {@link UncheckedIOException}. A server that is there but
 * does not answer (its process stopped or frozen) makes calls wait, as in Python, unless a call
 * timeout is set ({@link #connect(Address, byte[], Duration)}, {@link Builder#callTimeout},
 * {@code -Dmp4j.managerCallTimeoutMillis}): then a call fails with {@link ManagerTimeoutException}
 * once the server stayed silent that long. A call that blocks in a live server (a {@code take()})
 * is not cut short: the server sends heartbeats while it runs. Proxies sent to other processes keep
 * their manager's timeout.
 *
 * <p>Interrupting a thread that waits for an answer makes the call throw
 * {@link InterruptedException} (or, for a method that does not declare it, a
 * {@link java.util.concurrent.CancellationException} with the interrupt status kept). The call
 * itself may still complete in the server: an interrupted {@code take()} can still remove an item
 * that nobody receives, as with Python's proxies.
 *
 * <p>Thread-safe: proxies and the manager may be used from any number of threads.
 */
public final class Manager implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ManagerClient client;
    private final byte[] authkey;
    private final Process serverProcess;
    private final ManagerServerCore localServer;
    private final boolean owner;
    /** The call timeout of this manager's proxies; 0: this JVM's default. */
    private final long callTimeoutMillis;
    private volatile boolean closed;
    /** How long {@link #close()} waits for a server without a call timeout to acknowledge its shutdown. */
    private static final long SHUTDOWN_ANSWER_MILLIS = 10_000;

    private Manager(ManagerClient client, byte[] authkey, Process serverProcess, ManagerServerCore localServer, boolean owner,
                    long callTimeoutMillis) {
        this.client = client;
        this.authkey = authkey.clone();
        this.serverProcess = serverProcess;
        this.localServer = localServer;
        this.owner = owner;
        this.callTimeoutMillis = callTimeoutMillis;
    }

    /**
     * Starts a manager with default options (Python's {@code Manager()}, which starts its server
     * process): a server JVM on a private Unix socket, with this process's authkey.
     *
     * @return the manager, which the caller closes (that stops the server)
     * @throws IllegalStateException if the server cannot start
     */
    public static Manager start() {
        return builder().start();
    }

    /**
     * Options for a manager or a manager server: address, authkey, engine, timeouts and registered
     * types (Python's {@code BaseManager(address, authkey)} and {@code register}).
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to a manager served by another JVM ({@link Builder#serve()}, {@code mp4j manager serve}).
     * Closing the returned manager closes its idle connections; the server keeps running, and the
     * proxies it made, like those of any other manager of this JVM connected to the same server,
     * keep working (as Python's proxies do): each {@code connect} is independent of the others.
     *
     * <p>Python's {@code BaseManager(address, authkey).connect()}.
     *
     * @param address where the server listens
     * @param authkey the server's authkey
     * @return a manager whose proxies call that server
     * @throws AuthenticationException if the server has another authkey
     * @throws UncheckedIOException if nothing serves at {@code address}
     * @throws NullPointerException when an argument is null
     */
    public static Manager connect(Address address, byte[] authkey) {
        return connect(address, authkey, 0);
    }

    /**
     * As {@link #connect(Address, byte[])}, with a call timeout: a proxy call (connecting
     * included) fails with {@link ManagerTimeoutException} when the server stays silent for
     * {@code callTimeout} (see the class comment).
     *
     * @param address     where the server listens
     * @param authkey     the server's authkey
     * @param callTimeout how long a call may wait for a silent server, positive
     * @return a manager whose proxies call that server
     * @throws ManagerTimeoutException if the server does not complete the handshake within {@code callTimeout}
     * @throws AuthenticationException if the server has another authkey
     * @throws UncheckedIOException if nothing serves at {@code address}
     * @throws IllegalArgumentException when {@code callTimeout} is zero or negative
     */
    public static Manager connect(Address address, byte[] authkey, Duration callTimeout) {
        return connect(address, authkey, timeoutMillis(callTimeout));
    }

    private static Manager connect(Address address, byte[] authkey, long callTimeoutMillis) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        try {
            return new Manager(ManagerClient.connect(address, authkey, callTimeoutMillis), authkey, null, null, false,
                    callTimeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to the manager at " + address + ": " + e.getMessage(), e);
        }
    }

    private static long timeoutMillis(Duration timeout) {
        Objects.requireNonNull(timeout, "callTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
        }
        return Math.max(1, timeout.toMillis());
    }

    /**
     * The call timeout of this manager's proxies.
     *
     * @return the timeout; empty when they have none of their own (then
     *         {@code -Dmp4j.managerCallTimeoutMillis} applies, if set)
     */
    public java.util.Optional<Duration> callTimeout() {
        return callTimeoutMillis > 0 ? java.util.Optional.of(Duration.ofMillis(callTimeoutMillis)) : java.util.Optional.empty();
    }

    /**
     * Connects with the current process's authkey ({@link dev.mp4j.Multiprocessing#authkey()}), the
     * default authkey of a manager started without one: a child process reaches its parent's
     * manager by its address alone, as in Python.
     *
     * @param address where the server listens
     * @return a manager whose proxies call that server
     * @throws AuthenticationException if the server has another authkey
     * @throws UncheckedIOException if nothing serves at {@code address}
     */
    public static Manager connect(Address address) {
        return connect(address, dev.mp4j.Multiprocessing.authkey());
    }

    private <T> T make(BuiltinType type, Object... args) {
        checkOpen();
        @SuppressWarnings("unchecked")
        T proxy = (T) client.create(callTimeoutMillis, type.typeId(), List.of(type.proxyInterface().getName()), args);
        return proxy;
    }

    /**
     * A new empty shared map (Python's {@code manager.dict()}).
     *
     * @param <K> the type of the keys, serializable
     * @param <V> the type of the values, serializable
     * @return a proxy of the map
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <K, V> SharedMap<K, V> dict() {
        return make(BuiltinType.DICT);
    }

    /**
     * A new shared map holding a copy of {@code initial} (Python's {@code manager.dict(mapping)}).
     *
     * @param <K>     the type of the keys, serializable
     * @param <V>     the type of the values, serializable
     * @param initial the entries to copy, in their iteration order
     * @return a proxy of the map
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     * @throws IllegalArgumentException when an entry cannot be serialized
     */
    public <K, V> SharedMap<K, V> dict(Map<? extends K, ? extends V> initial) {
        return make(BuiltinType.DICT, new LinkedHashMap<>(initial));
    }

    /**
     * A new empty shared list (Python's {@code manager.list()}).
     *
     * @param <E> the type of the elements, serializable
     * @return a proxy of the list
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedList<E> list() {
        return make(BuiltinType.LIST);
    }

    /**
     * A new shared list holding a copy of {@code initial} (Python's {@code manager.list(sequence)}).
     *
     * @param <E>     the type of the elements, serializable
     * @param initial the elements to copy
     * @return a proxy of the list
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     * @throws IllegalArgumentException when an element cannot be serialized
     */
    public <E> SharedList<E> list(Collection<? extends E> initial) {
        return make(BuiltinType.LIST, new java.util.ArrayList<>(initial));
    }

    /**
     * A new empty namespace (Python's {@code manager.Namespace()}).
     *
     * @return a proxy of the namespace
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public Namespace namespace() {
        return make(BuiltinType.NAMESPACE);
    }

    /**
     * A new unbounded queue (Python's {@code manager.Queue()}).
     *
     * @param <E> the type of the items, serializable
     * @return a proxy of the queue
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedQueue<E> queue() {
        return queue(0);
    }

    /**
     * A new queue holding at most {@code maxsize} items (Python's {@code manager.Queue(maxsize)}).
     *
     * @param <E>     the type of the items, serializable
     * @param maxsize the item limit; 0 for none
     * @return a proxy of the queue
     * @throws IllegalArgumentException when {@code maxsize} is negative
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedQueue<E> queue(int maxsize) {
        return make(BuiltinType.QUEUE, requireNonNegative(maxsize, "maxsize"));
    }

    /**
     * A new unbounded joinable queue (Python's {@code manager.JoinableQueue()}).
     *
     * @param <E> the type of the items, serializable
     * @return a proxy of the queue
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedQueue<E> joinableQueue() {
        return joinableQueue(0);
    }

    /**
     * A new joinable queue holding at most {@code maxsize} items (Python's
     * {@code manager.JoinableQueue(maxsize)}).
     *
     * @param <E>     the type of the items, serializable
     * @param maxsize the item limit; 0 for none
     * @return a proxy of the queue
     * @throws IllegalArgumentException when {@code maxsize} is negative
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedQueue<E> joinableQueue(int maxsize) {
        return make(BuiltinType.JOINABLE_QUEUE, requireNonNegative(maxsize, "maxsize"));
    }

    /**
     * A non-reentrant lock any thread of any process may release (Python's {@code manager.Lock()}).
     *
     * @return a proxy of the lock, unlocked
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedLock lock() {
        return make(BuiltinType.LOCK);
    }

    /**
     * A reentrant lock owned by the acquiring thread of the acquiring process (Python's
     * {@code manager.RLock()}).
     *
     * @return a proxy of the lock, unlocked
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedLock rlock() {
        return make(BuiltinType.RLOCK);
    }

    /**
     * A semaphore (Python's {@code manager.Semaphore(value)}).
     *
     * @param permits the initial number of permits, 0 or more
     * @return a proxy of the semaphore
     * @throws IllegalArgumentException when {@code permits} is negative
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedSemaphore semaphore(int permits) {
        return make(BuiltinType.SEMAPHORE, requireNonNegative(permits, "permits"));
    }

    /**
     * A bounded semaphore (Python's {@code manager.BoundedSemaphore(value)}): releasing above
     * {@code permits} throws {@link IllegalStateException}.
     *
     * @param permits the initial and maximum number of permits, 0 or more
     * @return a proxy of the semaphore
     * @throws IllegalArgumentException when {@code permits} is negative
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedSemaphore boundedSemaphore(int permits) {
        return make(BuiltinType.BOUNDED_SEMAPHORE, requireNonNegative(permits, "permits"));
    }

    /**
     * An event, not set (Python's {@code manager.Event()}).
     *
     * @return a proxy of the event
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedEvent event() {
        return make(BuiltinType.EVENT);
    }

    /**
     * A condition variable with its own reentrant lock (Python's {@code manager.Condition()}).
     *
     * @return a proxy of the condition
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedCondition condition() {
        return make(BuiltinType.CONDITION);
    }

    /**
     * A barrier (Python's {@code manager.Barrier(parties)}).
     *
     * @param parties the number of parties, at least 1
     * @return a proxy of the barrier
     * @throws IllegalArgumentException when {@code parties} is below 1
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedBarrier barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, got " + parties);
        }
        return make(BuiltinType.BARRIER, parties);
    }

    /**
     * A shared value (Python's {@code manager.Value(typecode, value)}; the type is the value's own).
     *
     * @param <T>     the type of the value, serializable
     * @param initial the initial value
     * @return a proxy of the value
     * @throws IllegalArgumentException when {@code initial} cannot be serialized
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <T> SharedValue<T> value(T initial) {
        return make(BuiltinType.VALUE, initial);
    }

    /**
     * A fixed-length shared array holding a copy of {@code initial} (Python's
     * {@code manager.Array(typecode, sequence)}).
     *
     * @param <E>     the type of the elements, serializable
     * @param initial the elements; their number is the array's length
     * @return a proxy of the array
     * @throws IllegalArgumentException when an element cannot be serialized
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <E> SharedArray<E> array(List<? extends E> initial) {
        return make(BuiltinType.ARRAY, new java.util.ArrayList<>(initial));
    }

    /**
     * A process pool of {@code processes} workers held by the server (Python's
     * {@code manager.Pool(processes)}): workers are children of the server JVM ({@link Engine#PROCESSES}).
     *
     * @param processes the number of workers, at least 1
     * @return a proxy of the pool
     * @throws IllegalArgumentException when {@code processes} is below 1
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedPool pool(int processes) {
        return pool(processes, Engine.PROCESSES);
    }

    /**
     * A pool held by the server whose workers run on {@code engine} (a {@code ThreadPool} for
     * {@link Engine#THREADS}, Python's {@code manager.Pool} over threads).
     *
     * @param processes the number of workers, at least 1
     * @param engine    where the workers run, seen from the server
     * @return a proxy of the pool
     * @throws IllegalArgumentException when {@code processes} is below 1
     * @throws NullPointerException when {@code engine} is null
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public SharedPool pool(int processes, Engine engine) {
        if (processes < 1) {
            throw new IllegalArgumentException("Number of processes must be at least 1, got " + processes);
        }
        Objects.requireNonNull(engine, "engine");
        return make(BuiltinType.POOL, processes, engine);
    }

    /**
     * Creates an instance of a registered type in the server and returns a proxy implementing
     * {@code api}; each call of an {@code api} method runs in the server on that instance
     * (default methods of {@code api} run locally). Python's {@code manager.TypeId(*args)} for a
     * type registered with {@code BaseManager.register}.
     *
     * @param <T>    the proxy's type
     * @param typeId the registered type's name
     * @param api    the interface the proxy implements; its methods must be exposed by the type
     * @param args   the arguments of a factory registered with {@code registerWithArguments}
     * @return a proxy of the new instance
     * @throws IllegalArgumentException if {@code typeId} is not registered, {@code api} is not an
     *         interface, or the factory refuses the arguments
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public <T> T create(String typeId, Class<T> api, Object... args) {
        Objects.requireNonNull(typeId, "typeId");
        if (!Objects.requireNonNull(api, "api").isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface: a proxy can only implement interfaces");
        }
        checkOpen();
        return api.cast(client.create(callTimeoutMillis, typeId, List.of(api.getName()), args.clone()));
    }

    private static int requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("manager is closed");
        }
    }

    /**
     * The server's address (Python's {@code manager.address}).
     *
     * @return where the server listens
     */
    public Address address() {
        return client.address();
    }

    /**
     * The authkey proxies of this manager authenticate with (Python's private {@code _authkey}).
     *
     * @return a copy of the key
     */
    public byte[] authkey() {
        return authkey.clone();
    }

    /**
     * The pid of the server process (Python's {@code manager._process.pid}).
     *
     * @return the pid; this JVM's for {@link Engine#THREADS}
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public long serverPid() {
        checkOpen();
        return client.serverPid(callTimeoutMillis);
    }

    /**
     * The number of shared objects the server holds, for diagnostics (Python's
     * {@code manager._number_of_objects()}).
     *
     * @return the count
     * @throws IllegalStateException when this manager is closed
     * @throws UncheckedIOException when the server is gone (or {@link ManagerTimeoutException}
     *         when it stays silent past the call timeout)
     */
    public int objectCount() {
        checkOpen();
        return client.objectCount(callTimeoutMillis);
    }

    /**
     * Shuts the server down if this manager started it (its proxies fail afterwards, in every
     * process); a manager that {@link #connect joined} a server closes its idle connections only.
     * A server process that does not acknowledge the shutdown (within the call timeout, or 10 s) is
     * killed. Python's {@code manager.shutdown()}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean acknowledged = false;
        if (owner) {
            try {
                client.shutdownServer(callTimeoutMillis > 0 ? callTimeoutMillis : SHUTDOWN_ANSWER_MILLIS);
                acknowledged = true;
            } catch (RuntimeException ignored) {
                // already gone, or not answering
            }
            client.close();
        } else {
            client.closeIdleConnections();
        }
        if (localServer != null) {
            localServer.close();
        }
        if (serverProcess != null) {
            stop(serverProcess, acknowledged);
        }
    }

    private static void stop(Process process, boolean acknowledged) {
        try {
            if (!acknowledged) {
                process.kill(); // stopped or frozen: SIGTERM would wait for it to resume
            } else if (!process.join(Duration.ofSeconds(10))) {
                process.terminate();
                if (!process.join(Duration.ofSeconds(5))) {
                    process.kill();
                }
            }
            process.join(Duration.ofSeconds(5));
            if (!process.isAlive()) {
                process.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
        }
    }

    @Override
    public String toString() {
        return "Manager[" + client.address() + (closed ? ", closed" : "") + "]";
    }

    /**
     * Options of a {@link Manager} or a {@link ManagerServer}. All optional; each setter checks
     * its argument. Not thread-safe.
     */
    public static final class Builder {
        private Address address;
        private byte[] authkey;
        private Engine engine = Engine.PROCESSES;
        private Duration startTimeout = Duration.ofSeconds(60);
        private long callTimeoutMillis;
        private final Map<String, CustomType> types = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Where the server listens (Python's {@code address=}); default a fresh Unix socket in
         * this JVM's private run directory.
         *
         * @param address a Unix socket path or a TCP host and port
         * @return this builder
         * @throws NullPointerException when {@code address} is null
         */
        public Builder address(Address address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The authkey clients must prove they know (at least 16 bytes); default, on a Unix socket,
         * the current process's ({@link dev.mp4j.Multiprocessing#authkey()}, which child processes
         * inherit, as in Python), and on TCP a fresh random one, so that the process authkey never
         * travels in proxies to other machines.
         *
         * @param authkey at least 16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException when shorter than 16 bytes
         * @throws NullPointerException when {@code authkey} is null
         */
        public Builder authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length < 16) {
                throw new IllegalArgumentException("authkey must have at least 16 bytes, got " + authkey.length);
            }
            this.authkey = authkey.clone();
            return this;
        }

        /**
         * Where {@link #start()} runs the server: {@link Engine#PROCESSES} (a child JVM, the
         * default) or {@link Engine#THREADS} (this JVM).
         *
         * @param engine PROCESSES or THREADS
         * @return this builder
         * @throws IllegalArgumentException for another engine
         * @throws NullPointerException when {@code engine} is null
         */
        public Builder engine(Engine engine) {
            Objects.requireNonNull(engine, "engine");
            if (engine != Engine.PROCESSES && engine != Engine.THREADS) {
                throw new IllegalArgumentException("a manager server runs on Engine.PROCESSES or Engine.THREADS, not " + engine);
            }
            this.engine = engine;
            return this;
        }

        /**
         * How long {@link #start()} waits for the server JVM to be ready; default 60 s.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         * @throws NullPointerException when {@code timeout} is null
         */
        public Builder startTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * The call timeout of the started manager's proxies: a call fails with
         * {@link ManagerTimeoutException} when the server stays silent that long (a call blocking
         * in a live server is kept alive by heartbeats). Default: none, as in Python (or
         * {@code -Dmp4j.managerCallTimeoutMillis}).
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         * @throws NullPointerException when {@code timeout} is null
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeoutMillis = timeoutMillis(timeout);
            return this;
        }

        /**
         * Registers a type the server can create ({@code BaseManager.register}): {@code factory}
         * makes an instance, {@code exposed} names the methods proxies may call.
         *
         * @param typeId  the type's name, used by {@link Manager#create}
         * @param factory makes an instance in the server; serializable
         * @param exposed the names of the methods proxies may call, at least one
         * @return this builder
         * @throws IllegalArgumentException when {@code typeId} is blank or built in, or
         *         {@code exposed} is empty
         * @throws NullPointerException when an argument is null
         */
        public Builder register(String typeId, SerializableSupplier<?> factory, Set<String> exposed) {
            return register(typeId, factory, exposed, Map.of());
        }

        /**
         * As {@link #register(String, SerializableSupplier, Set)}, with methods whose results stay in
         * the server and come back as proxies: {@code methodToTypeid} maps a method name to the
         * registered (or built-in) type id of what it returns (Python's {@code method_to_typeid}).
         * On the caller's side the method's declared return type must be an interface, which the
         * returned proxy implements.
         *
         * <pre>{@code
         * interface Tree { Node root(); }       // the api interfaces
         * interface Node { String name(); Node child(int i); }
         * Manager manager = Manager.builder()
         *         .register("Tree", TreeImpl::new, Set.of("root"), Map.of("root", "Node"))
         *         .registerReturnedType("Node", Set.of("name", "child"), Map.of("child", "Node"))
         *         .start();
         * Node root = manager.create("Tree", Tree.class).root();   // a proxy: the node stays in the server
         * }</pre>
         *
         * @param typeId         the type's name, used by {@link Manager#create}
         * @param factory        makes an instance in the server; serializable
         * @param exposed        the names of the methods proxies may call, at least one
         * @param methodToTypeid exposed methods whose results come back as proxies, with their type ids
         * @return this builder
         * @throws IllegalArgumentException when {@code typeId} is blank or built in, {@code exposed}
         *         is empty, or {@code methodToTypeid} names a method not exposed
         * @throws NullPointerException when an argument is null
         */
        public Builder register(String typeId, SerializableSupplier<?> factory, Set<String> exposed,
                                Map<String, String> methodToTypeid) {
            Objects.requireNonNull(factory, "factory");
            return registerType(typeId, args -> {
                if (args.length != 0) {
                    throw new IllegalArgumentException("type takes no arguments, got " + args.length);
                }
                return factory.get();
            }, exposed, methodToTypeid);
        }

        /**
         * As {@link #register(String, SerializableSupplier, Set)}, for a factory taking the
         * arguments of {@code create} (Python's {@code register(typeid, callable)} with a callable
         * of arguments).
         *
         * @param typeId  the type's name, used by {@link Manager#create}
         * @param factory makes an instance in the server from {@code create}'s arguments; serializable
         * @param exposed the names of the methods proxies may call, at least one
         * @return this builder
         * @throws IllegalArgumentException when {@code typeId} is blank or built in, or
         *         {@code exposed} is empty
         * @throws NullPointerException when an argument is null
         */
        public Builder registerWithArguments(String typeId, SerializableFunction<Object[], ?> factory, Set<String> exposed) {
            return registerWithArguments(typeId, factory, exposed, Map.of());
        }

        /**
         * As {@link #registerWithArguments(String, SerializableFunction, Set)}, with methods whose
         * results come back as proxies (see {@link #register(String, SerializableSupplier, Set, Map)}).
         *
         * @param typeId         the type's name, used by {@link Manager#create}
         * @param factory        makes an instance in the server from {@code create}'s arguments
         * @param exposed        the names of the methods proxies may call, at least one
         * @param methodToTypeid exposed methods whose results come back as proxies, with their type ids
         * @return this builder
         * @throws IllegalArgumentException when {@code typeId} is blank or built in, {@code exposed}
         *         is empty, or {@code methodToTypeid} names a method not exposed
         * @throws NullPointerException when an argument is null
         */
        public Builder registerWithArguments(String typeId, SerializableFunction<Object[], ?> factory, Set<String> exposed,
                                             Map<String, String> methodToTypeid) {
            Objects.requireNonNull(factory, "factory");
            return registerType(typeId, factory, exposed, methodToTypeid);
        }

        /**
         * Registers a type that only methods of other types return ({@code methodToTypeid}), never
         * created directly (Python's {@code register(typeid, create_method=False)}).
         *
         * @param typeId         the type's name, as other types' {@code methodToTypeid} name it
         * @param exposed        the names of the methods proxies may call, at least one
         * @param methodToTypeid exposed methods whose results come back as proxies, with their type ids
         * @return this builder
         * @throws IllegalArgumentException when {@code typeId} is blank or built in, {@code exposed}
         *         is empty, or {@code methodToTypeid} names a method not exposed
         * @throws NullPointerException when an argument is null
         */
        public Builder registerReturnedType(String typeId, Set<String> exposed, Map<String, String> methodToTypeid) {
            return registerType(typeId, null, exposed, methodToTypeid);
        }

        private Builder registerType(String typeId, SerializableFunction<Object[], ?> factory, Set<String> exposed,
                                     Map<String, String> methodToTypeid) {
            Objects.requireNonNull(typeId, "typeId");
            Objects.requireNonNull(exposed, "exposed");
            Objects.requireNonNull(methodToTypeid, "methodToTypeid");
            if (typeId.isBlank()) {
                throw new IllegalArgumentException("type id must not be blank");
            }
            if (exposed.isEmpty()) {
                throw new IllegalArgumentException("type '" + typeId + "' exposes no methods: name the methods proxies may call");
            }
            for (String method : methodToTypeid.keySet()) {
                if (!exposed.contains(method)) {
                    throw new IllegalArgumentException("type '" + typeId + "' maps method '" + method
                            + "' to a type (methodToTypeid) but does not expose it: add it to exposed");
                }
            }
            if (BuiltinType.byId(typeId) != null) {
                throw new IllegalArgumentException("type id '" + typeId + "' is built in; choose another name");
            }
            types.put(typeId, new CustomType(typeId, factory, exposed, methodToTypeid));
            return this;
        }

        /** Every type a methodToTypeid names must be registered or built in. */
        private void checkTypes() {
            for (CustomType type : types.values()) {
                for (Map.Entry<String, String> returned : type.methodToTypeid().entrySet()) {
                    if (!types.containsKey(returned.getValue()) && BuiltinType.byId(returned.getValue()) == null) {
                        throw new IllegalStateException("method '" + returned.getKey() + "' of type '" + type.typeId()
                                + "' returns type '" + returned.getValue() + "', which is not registered:"
                                + " register it (registerReturnedType) before start()");
                    }
                }
            }
        }

        private Address resolvedAddress() {
            return address != null ? address
                    : Address.unix(RunDirectory.path().resolve("manager-" + RunDirectory.randomToken(6) + ".sock"));
        }

        private byte[] resolvedAuthkey() {
            if (authkey != null) {
                return authkey.clone();
            }
            // the process authkey stays on this machine: a TCP manager gets a key of its own
            return address != null && !address.isUnix() ? dev.mp4j.internal.transport.Handshake.newKey()
                    : dev.mp4j.Multiprocessing.authkey();
        }

        /**
         * Starts the server (in a child JVM or on threads of this JVM) and connects to it (Python's
         * {@code manager.start()}).
         *
         * @return the manager, which the caller closes (that stops the server)
         * @throws IllegalStateException if the server cannot start, or a {@code methodToTypeid}
         *     names a type that is not registered (its reason is in the message
         *     or, for a server JVM, on stderr)
         */
        public Manager start() {
            checkTypes();
            byte[] key = resolvedAuthkey();
            String serverId = RunDirectory.randomToken(12);
            Address where = resolvedAddress();
            if (engine == Engine.THREADS) {
                ManagerServerCore server;
                try {
                    server = new ManagerServerCore(where, key, serverId, types).start();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start the manager server: " + e.getMessage(), e);
                }
                try {
                    return new Manager(ManagerClient.connect(server.address(), key, callTimeoutMillis), key, null, server, true,
                            callTimeoutMillis);
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw new IllegalStateException("cannot connect to the manager server: " + e.getMessage(), e);
                }
            }
            return startProcess(where, key, serverId);
        }

        private Manager startProcess(Address where, byte[] key, String serverId) {
            Process process = null;
            try (Listener ready = Listener.builder().authkey(key).bind()) {
                process = Process.builder()
                        .name("SyncManager-" + COUNTER.incrementAndGet())
                        .daemon(true)
                        .target(new ServerLauncher(where, key, serverId, types, ready.address()))
                        .build();
                process.start();
                Address bound = Address.parse(awaitReady(ready, process));
                return new Manager(ManagerClient.connect(bound, key, callTimeoutMillis), key, process, null, true,
                        callTimeoutMillis);
            } catch (IOException | RuntimeException e) {
                if (process != null && process.isAlive()) {
                    process.kill();
                }
                if (e instanceof IllegalStateException state) {
                    throw state;
                }
                throw new IllegalStateException("cannot start the manager server: " + e.getMessage(), e);
            }
        }

        private String awaitReady(Listener ready, Process process) throws IOException {
            CompletableFuture<String> address = new CompletableFuture<>();
            Thread.ofVirtual().name("mp4j-manager-ready").start(() -> {
                try (Connection connection = ready.accept()) {
                    address.complete((String) connection.recv());
                } catch (Throwable t) {
                    address.completeExceptionally(t);
                }
            });
            long deadline = System.nanoTime() + startTimeout.toNanos();
            try {
                while (true) {
                    try {
                        return address.get(100, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the manager server process exited with code "
                                    + process.exitCode().orElse(-1) + " before it was ready (its error is on stderr)");
                        }
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the manager server was not ready within " + startTimeout);
                        }
                    }
                }
            } catch (ExecutionException e) {
                throw new IOException("the manager server did not report its address: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the manager server", e);
            }
        }

        /**
         * Runs the server in this JVM for other JVMs to {@link Manager#connect} to (Python's
         * {@code manager.get_server().serve_forever()}); returns once it listens.
         *
         * @return the running server, which the caller closes
         * @throws IllegalStateException if no authkey was set for a TCP address, the address cannot
         *         be bound, or a {@code methodToTypeid} names a type that is not registered
         */
        public ManagerServer serve() {
            checkTypes();
            if (authkey == null && address != null && !address.isUnix()) {
                throw new IllegalStateException("a manager served on TCP needs an explicit authkey(...): clients must know it");
            }
            byte[] key = resolvedAuthkey();
            try {
                return new ManagerServer(new ManagerServerCore(resolvedAddress(), key, RunDirectory.randomToken(12), types).start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot serve a manager: " + e.getMessage(), e);
            }
        }
    }
}
