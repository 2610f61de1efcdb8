package dev.mp4j;

import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.internal.process.ChildProcessBackend;
import dev.mp4j.internal.process.ProcessBackend;
import dev.mp4j.internal.process.ThreadProcessBackend;

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
 * <p>Lifecycle: created → {@link #start() started} (once) → ended → {@link #close() closed}.
 * {@code join} before {@code start}, a second {@code start}, joining the current process and any
 * use after {@code close} throw {@link IllegalStateException}, as Python raises. Exit codes follow
 * Python: 0 after a normal end, 1 after an uncaught exception (whose stack trace is printed to the
 * process's stderr), the argument of {@code System.exit}, and {@code -N} after signal N.
 *
 * <p>On {@link Engine#PROCESSES} the target is serialized in {@code start()}, before any JVM is
 * started: a target that cannot be serialized fails there with an {@link IllegalArgumentException}
 * naming the offending class and field. Children never outlive this JVM, even when it is killed.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class Process {
    private enum State { CREATED, STARTED, CLOSED }

    private final SerializableRunnable target;
    private final String name;
    private final boolean daemon;
    private final Engine engine;
    private final List<String> jvmOptions;
    private final String childClassPath;
    private final String identity;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state = State.CREATED;
    private volatile ProcessBackend backend;

    private Process(Builder builder) {
        this.target = builder.target;
        this.engine = builder.engine;
        this.identity = Multiprocessing.nextChildIdentity();
        this.name = builder.name != null ? builder.name : "Process-" + identity;
        this.daemon = builder.daemon != null ? builder.daemon : Multiprocessing.currentProcess().daemon();
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.childClassPath = builder.childClassPath;
    }

    /** A process that runs {@code target} on {@link Engine#PROCESSES}. */
    public static Process of(SerializableRunnable target) {
        return builder().target(target).build();
    }

    /** A process that runs {@code target} on {@code engine}. */
    public static Process of(Engine engine, SerializableRunnable target) {
        return builder().engine(engine).target(target).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the process. */
    public void start() {
        lock.lock();
        try {
            checkNotClosed();
            if (state != State.CREATED) {
                throw new IllegalStateException("cannot start a process twice");
            }
            if (daemon && Multiprocessing.currentProcess().daemon() && engine == Engine.PROCESSES
                    && dev.mp4j.internal.process.ChildContext.isChild()) {
                throw new IllegalStateException("daemonic processes are not allowed to have children");
            }
            ProcessBackend created = switch (engine) {
                case THREADS, VIRTUAL_THREADS -> new ThreadProcessBackend(engine, target, name, daemon, identity);
                case PROCESSES -> new ChildProcessBackend(target, name, identity, daemon, jvmOptions, childClassPath);
                case CLUSTER -> Multiprocessing.clusterBackend(target, name, daemon);
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

    /** Waits until the process ends. */
    public void join() throws InterruptedException {
        checkJoinable();
        while (!backend.join(Duration.ofDays(1))) {
            // keep waiting
        }
    }

    /**
     * Waits at most {@code timeout} for the process to end.
     *
     * @return true if it ended, false if the timeout elapsed first (check {@link #isAlive()})
     */
    public boolean join(Duration timeout) throws InterruptedException {
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

    /** True from {@link #start()} until the process ends. */
    public boolean isAlive() {
        checkNotClosed();
        return state == State.STARTED && backend.isAlive();
    }

    /**
     * The OS process id, once started. On the thread engines it is the pid of this JVM.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public long pid() {
        checkNotClosed();
        if (state != State.STARTED) {
            throw new IllegalStateException("process " + name + " has no pid before start()");
        }
        return backend.pid();
    }

    /** The exit code once the process has ended; empty before that. */
    public OptionalInt exitCode() {
        checkNotClosed();
        return state == State.STARTED ? backend.exitCode() : OptionalInt.empty();
    }

    /** Sends SIGTERM (on the thread engines: interrupts the thread). No effect once ended. */
    public void terminate() {
        checkNotClosed();
        if (state == State.STARTED) {
            backend.terminate();
        }
    }

    /**
     * Sends SIGKILL. On the thread engines a thread cannot be killed:
     * {@link UnsupportedOperationException}.
     */
    public void kill() {
        checkNotClosed();
        if (state == State.STARTED) {
            backend.kill();
        }
    }

    /**
     * Releases the resources of an ended process. Idempotent.
     *
     * @throws IllegalStateException if the process is still running
     */
    public void close() {
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

    public String name() {
        return name;
    }

    public boolean isDaemon() {
        return daemon;
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        String status = switch (state) {
            case CREATED -> "initial";
            case CLOSED -> "closed";
            case STARTED -> backend.isAlive() ? "started" : "stopped exitcode=" + backend.exitCode().orElse(0);
        };
        return "<Process name='" + name + "' " + status + (daemon ? " daemon" : "") + " engine=" + engine + ">";
    }

    /**
     * Validated options for a {@link Process}. Only {@link #target} is required.
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
         * @throws IllegalArgumentException when the path is blank or an entry does not exist
         */
        public Builder childClassPath(String classPath) {
            this.childClassPath = dev.mp4j.internal.process.ProcessEngine.validateClassPath(classPath);
            return this;
        }

        /** What the process runs. On {@link Engine#PROCESSES} it must be serializable with all it captures. */
        public Builder target(SerializableRunnable target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** The name; default {@code Process-N} (Python's naming, {@code Process-1:2} for grandchildren). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("process name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Whether the process is a daemon: terminated, not waited for, when this JVM exits. Default:
         * the daemon flag of the current process.
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Extra options for the child JVM ({@code -Xmx256m}, {@code -Dkey=value}); only for
         * {@link Engine#PROCESSES}. A process with extra options never uses a warm spare.
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

        public Process build() {
            if (target == null) {
                throw new IllegalStateException("a process needs a target: call target(...) before build()");
            }
            if (!jvmOptions.isEmpty() && engine != Engine.PROCESSES) {
                throw new IllegalStateException("jvmOptions apply only to Engine.PROCESSES, not " + engine);
            }
            if (childClassPath != null && engine != Engine.PROCESSES) {
                throw new IllegalStateException("childClassPath applies only to Engine.PROCESSES, not " + engine);
            }
            return new Process(this);
        }
    }
}
