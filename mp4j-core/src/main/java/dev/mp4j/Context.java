package dev.mp4j;

import dev.mp4j.connection.Pipe;
import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.manager.Manager;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.JoinableQueue;
import dev.mp4j.queue.Queue;
import dev.mp4j.queue.SimpleQueue;
import dev.mp4j.sync.Barrier;
import dev.mp4j.sync.BoundedSemaphore;
import dev.mp4j.sync.Condition;
import dev.mp4j.sync.Event;
import dev.mp4j.sync.Lock;
import dev.mp4j.sync.RLock;
import dev.mp4j.sync.Semaphore;

import java.util.List;

/**
 * What {@link Multiprocessing#getContext(String)} returns: Python's context object
 * ({@code multiprocessing.get_context("spawn")}), whose factories make processes and pools the
 * way that start method would, so that ported code reads the same. Queues, pipes, locks and the
 * other shared objects work between every engine's processes; the context's factories for them
 * are there so that {@code ctx.queue()} reads like {@code ctx.Queue()}.
 *
 * <table>
 * <caption>Start methods</caption>
 * <tr><th>method</th><th>processes and pool workers are</th></tr>
 * <tr><td>{@code "forkserver"} (default)</td><td>child JVMs, taken from the warm spare JVMs when one
 *     is ready ({@code -Dmp4j.spareJvms=N})</td></tr>
 * <tr><td>{@code "spawn"}</td><td>child JVMs started fresh each time, never from a spare (they run
 *     with {@code -Dmp4j.startMethod=spawn}, which {@link Multiprocessing#getStartMethod()} reports
 *     there)</td></tr>
 * <tr><td>{@code "threads"}</td><td>threads of this JVM ({@link Engine#THREADS})</td></tr>
 * <tr><td>{@code "fork"}</td><td>refused: a JVM cannot fork itself with its threads</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class Context {
    static final String FORKSERVER = "forkserver";
    static final String SPAWN = "spawn";
    static final String THREADS = "threads";
    static final String FORK = "fork";
    static final List<String> METHODS = List.of(FORKSERVER, SPAWN, THREADS);
    private static final String SPAWN_OPTION = "-Dmp4j.startMethod=" + SPAWN;

    private final String method;
    private final Engine engine;

    private Context(String method, Engine engine) {
        this.method = method;
        this.engine = engine;
    }

    static Context forMethod(String method) {
        return switch (method) {
            case FORKSERVER -> new Context(FORKSERVER, Engine.PROCESSES);
            case SPAWN -> new Context(SPAWN, Engine.PROCESSES);
            case THREADS -> new Context(THREADS, Engine.THREADS);
            case FORK -> throw new UnsupportedOperationException("the 'fork' start method cannot exist on the JVM:"
                    + " a JVM cannot fork itself with its threads. Use getContext(\"forkserver\") (child JVMs from"
                    + " warm spares, the closest to fork's start-up cost), getContext(\"spawn\"), or"
                    + " getContext(\"threads\") to share this JVM's memory");
            default -> throw new IllegalArgumentException("cannot find context for '" + method
                    + "': the start methods are " + METHODS + " ('fork' cannot exist on the JVM)");
        };
    }

    /**
     * The start method's name (Python's {@code ctx.get_start_method()}).
     *
     * @return {@code "forkserver"}, {@code "spawn"} or {@code "threads"}
     */
    public String startMethod() {
        return method;
    }

    /**
     * The engine the context's processes and pools run on (mp4j's own; Python has no counterpart).
     *
     * @return {@link Engine#PROCESSES} for "forkserver" and "spawn", {@link Engine#THREADS} for "threads"
     */
    public Engine engine() {
        return engine;
    }

    /**
     * A new, unstarted process running {@code target} (Python's {@code ctx.Process(target=f)}).
     *
     * @param target what the process runs; on a child JVM it and all it captures must be serializable
     * @return the process; call {@link Process#start()} to run it
     * @throws NullPointerException when {@code target} is null
     */
    public Process process(SerializableRunnable target) {
        return processBuilder().target(target).build();
    }

    /**
     * Process options preset for this context: its engine, and for "spawn" a child JVM started
     * fresh rather than taken from a spare. Also the way to give a {@code Process} subclass this
     * context's start method.
     *
     * @return a new builder; each call returns another one
     */
    public Process.Builder processBuilder() {
        Process.Builder builder = Process.builder().engine(engine);
        return method.equals(SPAWN) ? builder.jvmOptions(SPAWN_OPTION) : builder;
    }

    /**
     * A started pool of {@code processes} workers (Python's {@code ctx.Pool(processes)}).
     *
     * @param processes the number of workers, at least 1
     * @return the pool, which the caller closes
     * @throws IllegalArgumentException when {@code processes} is below 1
     */
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /**
     * A started pool with one worker per CPU (Python's {@code ctx.Pool()}).
     *
     * @return the pool, which the caller closes
     */
    public Pool pool() {
        return poolBuilder().build();
    }

    /**
     * Pool options preset for this context: its engine, and for "spawn" workers started fresh
     * rather than taken from spare JVMs.
     *
     * @return a new builder; each call returns another one
     */
    public Pool.Builder poolBuilder() {
        Pool.Builder builder = Pool.builder().engine(engine);
        return method.equals(SPAWN) ? builder.jvmOptions(SPAWN_OPTION) : builder;
    }

    /**
     * A started manager whose server runs as this context's processes do: in a child JVM, or in
     * this JVM for "threads" (Python's {@code ctx.Manager()}).
     *
     * @return the manager, which the caller closes (that stops its server)
     */
    public Manager manager() {
        return Manager.builder().engine(engine == Engine.THREADS ? Engine.THREADS : Engine.PROCESSES).start();
    }

    /**
     * An unbounded queue (Python's {@code ctx.Queue()}); as {@link Queue#create()}.
     *
     * @param <E> the type of the items
     * @return the queue, which the caller closes
     */
    public <E> Queue<E> queue() {
        return Queue.create();
    }

    /**
     * A queue of at most {@code maxsize} items (Python's {@code ctx.Queue(maxsize)}); as
     * {@link Queue#create(int)}.
     *
     * @param <E>     the type of the items
     * @param maxsize the capacity in items; 0 or less means unbounded, as in Python
     * @return the queue, which the caller closes
     */
    public <E> Queue<E> queue(int maxsize) {
        return Queue.create(maxsize);
    }

    /**
     * An unbounded joinable queue (Python's {@code ctx.JoinableQueue()}); as {@link JoinableQueue#create()}.
     *
     * @param <E> the type of the items
     * @return the queue, which the caller closes
     */
    public <E> JoinableQueue<E> joinableQueue() {
        return JoinableQueue.create();
    }

    /**
     * A simple queue (Python's {@code ctx.SimpleQueue()}); as {@link SimpleQueue#create()}.
     *
     * @param <E> the type of the items
     * @return the queue, which the caller closes
     */
    public <E> SimpleQueue<E> simpleQueue() {
        return SimpleQueue.create();
    }

    /**
     * A duplex pipe (Python's {@code ctx.Pipe()}); as {@link Pipe#create()}.
     *
     * @return the pipe's two connected ends
     */
    public Pipe pipe() {
        return Pipe.create();
    }

    /**
     * A pipe (Python's {@code ctx.Pipe(duplex)}); as {@link Pipe#create(boolean)}.
     *
     * @param duplex true for a two-way pipe; false for one whose first end only receives and
     *               whose second end only sends
     * @return the pipe's two connected ends
     */
    public Pipe pipe(boolean duplex) {
        return Pipe.create(duplex);
    }

    /**
     * A lock (Python's {@code ctx.Lock()}); as {@link Lock#create()}.
     *
     * @return the lock, unlocked
     */
    public Lock lock() {
        return Lock.create();
    }

    /**
     * A reentrant lock (Python's {@code ctx.RLock()}); as {@link RLock#create()}.
     *
     * @return the lock, unlocked
     */
    public RLock rlock() {
        return RLock.create();
    }

    /**
     * A semaphore (Python's {@code ctx.Semaphore(value)}); as {@link Semaphore#create(int)}.
     *
     * @param value the initial number of permits, 0 or more
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public Semaphore semaphore(int value) {
        return Semaphore.create(value);
    }

    /**
     * A bounded semaphore (Python's {@code ctx.BoundedSemaphore(value)}); as
     * {@link BoundedSemaphore#create(int)}.
     *
     * @param value the initial and maximum number of permits, 0 or more
     * @return the semaphore
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public BoundedSemaphore boundedSemaphore(int value) {
        return BoundedSemaphore.create(value);
    }

    /**
     * An event (Python's {@code ctx.Event()}); as {@link Event#create()}.
     *
     * @return the event, not set
     */
    public Event event() {
        return Event.create();
    }

    /**
     * A condition variable with its own lock (Python's {@code ctx.Condition()}); as
     * {@link Condition#create()}.
     *
     * @return the condition
     */
    public Condition condition() {
        return Condition.create();
    }

    /**
     * A barrier (Python's {@code ctx.Barrier(parties)}); as {@link Barrier#create(int)}.
     *
     * @param parties the number of processes that must wait before all are released, at least 1
     * @return the barrier
     * @throws IllegalArgumentException when {@code parties} is below 1 or above the supported maximum
     */
    public Barrier barrier(int parties) {
        return Barrier.create(parties);
    }

    /**
     * The number of CPUs this JVM may use (Python's {@code ctx.cpu_count()}); as
     * {@link Multiprocessing#cpuCount()}.
     *
     * @return the number of processors, at least 1
     */
    public int cpuCount() {
        return Multiprocessing.cpuCount();
    }

    @Override
    public String toString() {
        return "Context[" + method + ", " + engine + "]";
    }
}
