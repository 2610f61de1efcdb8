package dev.mp4j;

import dev.mp4j.connection.Waitable;
import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.process.ChildProcessBackend;
import dev.mp4j.internal.process.ProcessBackend;
import dev.mp4j.internal.process.ThreadProcessBackend;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A process, with Python's {@code multiprocessing.Process} semantics, on the engine of your choice.
 *
 * <pre>{@code
 * Process p = Process.of(() -> System.out.println("Hello World"));
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>As in Python, a subclass may override {@link #run()} instead of giving a target; on
 * {@link Engine#PROCESSES} the object itself, with its fields, is serialized to the child and
 * {@code run()} is called on the copy there:
 *
 * <pre>{@code
 * class Countdown extends Process {
 *     private final int from;
 *     Countdown(int from) { super(Process.builder().name("countdown")); this.from = from; }
 *     @Override public void run() { for (int i = from; i > 0; i--) System.out.println(i); }
 * }
 * Process p = new Countdown(3);
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>Lifecycle: created → {@link #start() started} (once) → ended → {@link #close() closed}.
 * {@code join} before {@code start}, a second {@code start}, joining the current process and any
 * use after {@code close} throw {@link IllegalStateException}, as Python raises. So does starting a
 * process from a daemon process ("daemonic processes are not allowed to have children"), on every
 * engine. Exit codes follow Python: 0 after a normal end, 1 after an uncaught exception (whose stack
 * trace is printed to the process's stderr), the argument of {@code System.exit}, and {@code -N}
 * after signal N.
 *
 * <p>On {@link Engine#PROCESSES} the target (or the subclass instance) is serialized in
 * {@code start()}, before any JVM is started: one that cannot be serialized fails there with an
 * {@link IllegalArgumentException} naming the offending class and field. In the child, the copy
 * {@code run()} is called on is started and alive: {@code join} on it is refused like any join of
 * the current process. Children never outlive this JVM, even when it is killed.
 *
 * <p>Thread-safe: every method may be called from any thread. Subclasses override {@link #run()}
 * only; every other method is final.
 *
 * @serial exclude The serialized form carries a process to its own child JVM, which runs the same
 *         mp4j version; it is not for storage.
 */
public class Process implements Runnable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private enum State { CREATED, STARTED, CLOSED }

    private final SerializableRunnable target;
    private final String name;
    private final boolean daemon;
    private final Engine engine;
    private final List<String> jvmOptions;
    private final String childClassPath;
    private final String identity;
    private transient ReentrantLock lock = new ReentrantLock();
    private transient volatile State state = State.CREATED;
    private transient volatile ProcessBackend backend;
    private transient volatile Waitable sentinel;

    /**
     * For a subclass that overrides {@link #run()}: a process with the default options (Python's
     * {@code Process.__init__(self)} with no arguments): {@link Engine#PROCESSES}, a generated
     * name, the current process's daemon flag.
     */
    protected Process() {
        this(new Builder());
    }

    /**
     * For a subclass: a process with {@code options} (name, daemon flag, engine, JVM options; a
     * target is optional and runs only if {@link #run()} is not overridden). Python's
     * {@code super().__init__(name=..., daemon=...)}.
     *
     * @param options the options; later changes to the builder do not affect this process
     * @throws IllegalStateException when JVM options are given for an engine other than
     *         {@link Engine#PROCESSES}
     * @throws NullPointerException when {@code options} is null
     */
    protected Process(Builder options) {
        Objects.requireNonNull(options, "options");
        if (!options.jvmOptions.isEmpty() && options.engine != Engine.PROCESSES) {
            throw new IllegalStateException("jvmOptions apply only to Engine.PROCESSES, not " + options.engine);
        }
        this.target = options.target;
        this.engine = options.engine;
        this.identity = Multiprocessing.nextChildIdentity();
        this.name = options.name != null ? options.name : "Process-" + identity;
        this.daemon = options.daemon != null ? options.daemon : Multiprocessing.currentProcess().daemon();
        this.jvmOptions = List.copyOf(options.jvmOptions);
        this.childClassPath = options.childClassPath;
    }

    /**
     * The copy of a subclass instance that a child JVM runs: started, alive, and the current
     * process there.
     */
    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        lock = new ReentrantLock();
        backend = new Running();
        state = State.STARTED;
    }

    /**
     * A process that runs {@code target} in a child JVM (Python's
     * {@code Process(target=f, args=(...))}, the arguments captured by the lambda). Not started.
     *
     * @param target what the process runs; it and everything it captures must be serializable
     * @return the process, in its initial state
     * @throws NullPointerException when {@code target} is null
     */
    public static Process of(SerializableRunnable target) {
        return builder().target(target).build();
    }

    /**
     * A process that runs {@code target} on {@code engine}. Not started.
     *
     * @param engine where it runs: a thread, a virtual thread, a child JVM or a cluster worker
     * @param target what the process runs; serializable with all it captures unless the engine
     *               runs in this JVM
     * @return the process, in its initial state
     * @throws NullPointerException when an argument is null
     */
    public static Process of(Engine engine, SerializableRunnable target) {
        return builder().engine(engine).target(target).build();
    }

    /**
     * Options for a process: target, name, daemon flag, engine, JVM options, child class path
     * (Python's keyword arguments of {@code Process(...)}).
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process's activity (Python's {@code run()}): calls the target. Subclasses override it;
     * {@link #start()} calls it in the new process. Calling it directly runs it in the caller.
     */
    @Override
    public void run() {
        if (target != null) {
            target.run();
        }
    }

    /**
     * Starts the process (Python's {@code start()}): {@link #run()} begins in the new process,
     * and this method returns without waiting for it. On {@link Engine#PROCESSES} the target is
     * serialized here, and a warm spare JVM is used when one is ready. A child JVM that cannot
     * start (see {@link ProcessStartException}) does not make this method throw: the process ends
     * at once, {@link #join} returns and {@link #exitCode()} reports the child's status, as in
     * Python; the child's stderr, which names the cause, is copied to this JVM's stderr.
     *
     * @throws IllegalStateException when the process was started or closed before, or when the
     *         current process is a daemon ("daemonic processes are not allowed to have children")
     * @throws IllegalArgumentException on {@link Engine#PROCESSES}, when the target (or the
     *         subclass instance) cannot be serialized or its classes cannot be made available to
     *         a child JVM; the message names the class and field
     * @throws UnsupportedOperationException on {@link Engine#CLUSTER} without the
     *         {@code mp4j-cluster} module
     */
    public final void start() {
        lock.lock();
        try {
            checkNotClosed();
            if (state != State.CREATED) {
                throw new IllegalStateException("cannot start a process twice");
            }
            if (Multiprocessing.currentProcess().daemon()) {
                throw new IllegalStateException("daemonic processes are not allowed to have children");
            }
            if (engine == Engine.PROCESSES) {
                dev.mp4j.internal.process.ChildContext.checkNotBootstrapping("a new process");
            }
            // a subclass travels itself (its run() and fields); a plain process only its target
            Runnable body = getClass() == Process.class ? target : this;
            ProcessBackend created = switch (engine) {
                case THREADS, VIRTUAL_THREADS -> new ThreadProcessBackend(engine, body, name, daemon, identity,
                        () -> Finalizer.runAtProcessExit(identity));
                case PROCESSES -> new ChildProcessBackend(LogToStderr.carry(body), name, identity, daemon, jvmOptions,
                        childClassPath);
                case CLUSTER -> Multiprocessing.clusterBackend(body, name, daemon);
            };
            // Published before the target can run, so that the process sees itself as started.
            backend = created;
            state = State.STARTED;
            try {
                created.start();
            } catch (RuntimeException e) {
                state = State.CREATED;
                backend = null;
                throw e;
            }
            Multiprocessing.registerChild(this);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the process ends (Python's {@code join()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting; the
     *         process keeps running
     * @throws IllegalStateException before {@link #start()}, after {@link #close()}, or when
     *         called from the process itself ("cannot join current process")
     */
    public final void join() throws InterruptedException {
        checkJoinable();
        while (!backend.join(Duration.ofDays(1))) {
            // keep waiting
        }
    }

    /**
     * Waits at most {@code timeout} for the process to end (Python's {@code join(timeout)}, which
     * returns None either way; here the result says which).
     *
     * @param timeout how long to wait; zero or negative checks without waiting
     * @return true if it ended, false if the timeout elapsed first (check {@link #isAlive()})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException before {@link #start()}, after {@link #close()}, or when
     *         called from the process itself
     * @throws NullPointerException when {@code timeout} is null
     */
    public final boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        checkJoinable();
        return backend.join(timeout.isNegative() ? Duration.ZERO : timeout);
    }

    private void checkJoinable() {
        checkNotClosed();
        if (state != State.STARTED) {
            throw new IllegalStateException("can only join a started process");
        }
        if (backend.isCurrent()) {
            throw new IllegalStateException("cannot join current process");
        }
    }

    /**
     * Whether the process is running (Python's {@code is_alive()}).
     *
     * @return true from {@link #start()} until the process ends; false before start
     * @throws IllegalStateException after {@link #close()}
     */
    public final boolean isAlive() {
        checkNotClosed();
        return state == State.STARTED && backend.isAlive();
    }

    /**
     * Ready in {@link dev.mp4j.connection.Connections#wait(java.util.Collection, Duration)} once
     * the process has ended (Python's {@code sentinel}).
     *
     * @return the sentinel, the same object each time
     * @throws IllegalStateException before {@link #start()} ("process not started") or after
     *         {@link #close()}
     */
    public final Waitable sentinel() {
        checkNotClosed();
        if (state != State.STARTED) {
            throw new IllegalStateException("process not started");
        }
        Waitable s = sentinel;
        if (s == null) {
            ProcessBackend started = backend;
            s = () -> !started.isAlive();
            sentinel = s;
        }
        return s;
    }

    /**
     * The OS process id, once started (Python's {@code pid}, which is None before start; here
     * that is an exception). On the thread engines it is the pid of this JVM.
     *
     * @return the pid of the child JVM, of this JVM, or of the cluster worker
     * @throws IllegalStateException before {@link #start()} or after {@link #close()}
     */
    public final long pid() {
        checkNotClosed();
        if (state != State.STARTED) {
            throw new IllegalStateException("process " + name + " has no pid before start()");
        }
        return backend.pid();
    }

    /**
     * The exit code once the process has ended (Python's {@code exitcode}): 0 after a normal
     * end, 1 after an uncaught exception, the argument of {@code System.exit}, {@code -N} after
     * signal N ({@code -15} after {@link #terminate()}, {@code -9} after {@link #kill()}).
     *
     * @return the code, or empty while running and before start
     * @throws IllegalStateException after {@link #close()}
     */
    public final OptionalInt exitCode() {
        checkNotClosed();
        return state == State.STARTED ? backend.exitCode() : OptionalInt.empty();
    }

    /**
     * Asks the process to stop (Python's {@code terminate()}): SIGTERM to a child JVM, whose
     * finalizers and shutdown hooks run and whose own children are stopped; on the thread engines
     * an interrupt of the thread, which a target that ignores interrupts can survive. No effect
     * before start or once ended. Does not wait: follow with {@link #join}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public final void terminate() {
        checkNotClosed();
        if (state == State.STARTED) {
            backend.terminate();
        }
    }

    /**
     * Stops the process at once (Python's {@code kill()}): SIGKILL to a child JVM, which runs no
     * clean-up. No effect before start. Does not wait: follow with {@link #join}.
     *
     * @throws UnsupportedOperationException on the thread engines: a thread cannot be killed
     * @throws IllegalStateException after {@link #close()}
     */
    public final void kill() {
        checkNotClosed();
        if (state == State.STARTED) {
            backend.kill();
        }
    }

    /**
     * Releases the resources of an ended process (Python's {@code close()}); afterwards every
     * method but {@link #name()}, {@link #isDaemon()}, {@link #engine()}, {@code toString} and
     * {@code close} throws {@link IllegalStateException}. Idempotent; also allowed on a process
     * never started.
     *
     * @throws IllegalStateException if the process is still running
     */
    public final void close() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (state == State.STARTED && backend.isAlive()) {
                throw new IllegalStateException("cannot close process " + name
                        + " while it is still running: call join() or terminate() first");
            }
            if (backend != null) {
                backend.close();
            }
            state = State.CLOSED;
            Multiprocessing.unregisterChild(this);
        } finally {
            lock.unlock();
        }
    }

    private void checkNotClosed() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("process object " + name + " is closed");
        }
    }

    /**
     * The process's name (Python's {@code name}), for logs and {@link Multiprocessing#currentProcess()}.
     *
     * @return the name given to the builder, or {@code Process-N} ({@code Process-1:2} for a grandchild)
     */
    public final String name() {
        return name;
    }

    /**
     * Whether the process is a daemon (Python's {@code daemon}): terminated rather than waited for
     * when this JVM exits, and not allowed to start children.
     *
     * @return the flag fixed when the process was built
     */
    public final boolean isDaemon() {
        return daemon;
    }

    /**
     * Where the process runs.
     *
     * @return the engine fixed when the process was built
     */
    public final Engine engine() {
        return engine;
    }

    @Override
    public final String toString() {
        String status = switch (state) {
            case CREATED -> "initial";
            case CLOSED -> "closed";
            case STARTED -> backend.isAlive() ? "started" : "stopped exitcode=" + backend.exitCode().orElse(0);
        };
        return "<Process name='" + name + "' " + status + (daemon ? " daemon" : "") + " engine=" + engine + ">";
    }

    /**
     * Validated options for a {@link Process}. Only {@link #target} is required by {@link #build()};
     * a subclass passes the options to {@link Process#Process(Builder)}, with or without a target.
     */
    public static final class Builder {
        private SerializableRunnable target;
        private String name;
        private Boolean daemon;
        private Engine engine = Engine.PROCESSES;
        private final List<String> jvmOptions = new ArrayList<>();
        private String childClassPath;

        private Builder() {
        }

        /**
         * The class path of the child JVM(s), {@code java -cp} style (entries separated by
         * {@code File.pathSeparator}), instead of the one mp4j finds from this JVM's class loaders;
         * {@link Engine#PROCESSES} only. Needed only where a launcher hides the real class path in a
         * way mp4j does not know (a custom class loader); also {@code -Dmp4j.childClassPath}.
         *
         * @param classPath the entries, each of which must exist
         * @return this builder
         * @throws IllegalArgumentException when the path is blank or an entry does not exist
         */
        public Builder childClassPath(String classPath) {
            this.childClassPath = dev.mp4j.internal.process.ProcessEngine.validateClassPath(classPath);
            return this;
        }

        /**
         * What the process runs (Python's {@code target=}, with its {@code args} captured by the
         * lambda). On {@link Engine#PROCESSES} it must be serializable with all it captures.
         *
         * @param target the activity
         * @return this builder
         * @throws NullPointerException when {@code target} is null
         */
        public Builder target(SerializableRunnable target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * The name (Python's {@code name=}); default {@code Process-N} (Python's naming,
         * {@code Process-1:2} for grandchildren).
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException when {@code name} is null or blank
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("process name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Whether the process is a daemon: terminated, not waited for, when this JVM exits. Default:
         * the daemon flag of the current process (Python's {@code daemon=}).
         *
         * @param daemon the flag
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Where the process runs; default {@link Engine#PROCESSES}.
         *
         * @param engine the engine
         * @return this builder
         * @throws NullPointerException when {@code engine} is null
         */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Extra options for the child JVM ({@code -Xmx256m}, {@code -Dkey=value}); only for
         * {@link Engine#PROCESSES}. A process with extra options never uses a warm spare. Each call
         * adds to the options given before.
         *
         * @param options the options, each starting with {@code -}
         * @return this builder
         * @throws IllegalArgumentException when an option is null or does not start with {@code -}
         */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                if (option == null || !option.startsWith("-")) {
                    throw new IllegalArgumentException("JVM option '" + option + "' must start with '-'");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /**
         * Creates the process, not started.
         *
         * @return the process
         * @throws IllegalStateException when no target was given, when a child class path or JVM
         *         options were given for an engine other than {@link Engine#PROCESSES}
         */
        public Process build() {
            if (target == null) {
                throw new IllegalStateException("a process needs a target: call target(...) before build()"
                        + " (or subclass Process and override run())");
            }
            if (childClassPath != null && engine != Engine.PROCESSES) {
                throw new IllegalStateException("childClassPath applies only to Engine.PROCESSES, not " + engine);
            }
            return new Process(this);
        }
    }

    /**
     * Carries {@link Multiprocessing#logToStderr} to a child JVM that was started before it was
     * called (a warm spare); fresh JVMs get it as a system property. Only used while it is on.
     */
    private static final class LogToStderr implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String level;
        private final Runnable body;

        private LogToStderr(String level, Runnable body) {
            this.level = level;
            this.body = body;
        }

        static Runnable carry(Runnable body) {
            org.slf4j.event.Level level = dev.mp4j.internal.runtime.ProcessLogger.get().stderrLevel();
            return level == null ? body : new LogToStderr(level.name(), body);
        }

        @Override
        public void run() {
            Multiprocessing.logToStderr(org.slf4j.event.Level.valueOf(level));
            body.run();
        }
    }

    /** The backend of the copy a child JVM runs: the current process, alive while it runs. */
    private static final class Running implements ProcessBackend {
        @Override
        public void start() {
            throw new IllegalStateException("cannot start a process twice");
        }

        @Override
        public boolean join(Duration timeout) {
            throw new IllegalStateException("cannot join current process");
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public long pid() {
            return dev.mp4j.internal.runtime.Pids.self();
        }

        @Override
        public OptionalInt exitCode() {
            return OptionalInt.empty();
        }

        @Override
        public void terminate() {
            throw new IllegalStateException("a process cannot terminate itself: return from run() or call System.exit");
        }

        @Override
        public void kill() {
            terminate();
        }

        @Override
        public boolean isCurrent() {
            return true;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
