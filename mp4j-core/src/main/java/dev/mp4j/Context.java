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

    /** The start method's name (Python's {@code get_start_method()} of the context). */
    public String startMethod() {
        return method;
    }

    /** The engine the context's processes and pools run on. */
    public Engine engine() {
        return engine;
    }

    /** A new, unstarted process running {@code target} (Python's {@code ctx.Process(target=...)}). */
    public Process process(SerializableRunnable target) {
        return processBuilder().target(target).build();
    }

    /** Process options preset for this context (engine, and for "spawn" no spare JVM); for subclasses too. */
    public Process.Builder processBuilder() {
        Process.Builder builder = Process.builder().engine(engine);
        return method.equals(SPAWN) ? builder.jvmOptions(SPAWN_OPTION) : builder;
    }

    /** A pool of {@code processes} workers (Python's {@code ctx.Pool(processes)}). */
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /** A pool with one worker per CPU. */
    public Pool pool() {
        return poolBuilder().build();
    }

    /** Pool options preset for this context. */
    public Pool.Builder poolBuilder() {
        Pool.Builder builder = Pool.builder().engine(engine);
        return method.equals(SPAWN) ? builder.jvmOptions(SPAWN_OPTION) : builder;
    }

    /** A manager whose server runs as this context's processes do (a child JVM, or threads). */
    public Manager manager() {
        return Manager.builder().engine(engine == Engine.THREADS ? Engine.THREADS : Engine.PROCESSES).start();
    }

    public <E> Queue<E> queue() {
        return Queue.create();
    }

    public <E> Queue<E> queue(int maxsize) {
        return Queue.create(maxsize);
    }

    public <E> JoinableQueue<E> joinableQueue() {
        return JoinableQueue.create();
    }

    public <E> SimpleQueue<E> simpleQueue() {
        return SimpleQueue.create();
    }

    /** A duplex pipe (Python's {@code ctx.Pipe()}). */
    public Pipe pipe() {
        return Pipe.create();
    }

    public Pipe pipe(boolean duplex) {
        return Pipe.create(duplex);
    }

    public Lock lock() {
        return Lock.create();
    }

    public RLock rlock() {
        return RLock.create();
    }

    public Semaphore semaphore(int value) {
        return Semaphore.create(value);
    }

    public BoundedSemaphore boundedSemaphore(int value) {
        return BoundedSemaphore.create(value);
    }

    public Event event() {
        return Event.create();
    }

    public Condition condition() {
        return Condition.create();
    }

    public Barrier barrier(int parties) {
        return Barrier.create(parties);
    }

    public int cpuCount() {
        return Multiprocessing.cpuCount();
    }

    @Override
    public String toString() {
        return "Context[" + method + ", " + engine + "]";
    }
}
