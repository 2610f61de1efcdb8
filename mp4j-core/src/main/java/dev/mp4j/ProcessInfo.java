package dev.mp4j;

import dev.mp4j.connection.Waitable;
import dev.mp4j.internal.process.ProcessFacts;
import dev.mp4j.internal.runtime.ProcessAuthkey;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle on the current process or its parent: what {@link Multiprocessing#currentProcess()} and
 * {@link Multiprocessing#parentProcess()} return (Python's {@code current_process()} and
 * {@code parent_process()}). The name, pid, daemon flag and engine are fixed; {@link #isAlive()},
 * {@link #join(Duration)} and {@link #sentinel()} follow the process as it lives.
 *
 * <pre>{@code
 * Process child = Process.of(() -> {
 *     ProcessInfo parent = Multiprocessing.parentProcess().orElseThrow();
 *     parent.join(Duration.ofSeconds(1));   // false: the parent is still alive
 * });
 * }</pre>
 *
 * <p>A process that is a thread ({@link Engine#THREADS}) is alive while its thread runs; a JVM is
 * alive until it exits (a child JVM exits within a second of its parent anyway). Joining the current
 * process is refused, as Python refuses. Equality is by name, pid, daemon flag and engine.
 * Thread-safe.
 */
public final class ProcessInfo {
    private final String name;
    private final long pid;
    private final boolean daemon;
    private final Engine engine;
    /** The thread a thread "process" runs on; null for a whole JVM. */
    private final Thread thread;
    private final boolean current;
    private final Waitable sentinel = () -> !isAlive();

    /**
     * A handle on a process that is a whole JVM (no thread of its own), identified by its pid;
     * {@link #isAlive()} and {@link #join} follow the OS process.
     *
     * @param name   the process's name
     * @param pid    the OS process id
     * @param daemon the process's daemon flag
     * @param engine the engine the process runs on
     * @throws NullPointerException when {@code name} or {@code engine} is null
     */
    public ProcessInfo(String name, long pid, boolean daemon, Engine engine) {
        this(name, pid, daemon, engine, null, false);
    }

    private ProcessInfo(String name, long pid, boolean daemon, Engine engine, Thread thread, boolean current) {
        this.name = Objects.requireNonNull(name, "name");
        this.pid = pid;
        this.daemon = daemon;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.thread = thread;
        this.current = current;
    }

    static ProcessInfo of(ProcessFacts facts, boolean current) {
        return new ProcessInfo(facts.name(), facts.pid(), facts.daemon(), facts.engine(), facts.thread(), current);
    }

    /**
     * The process name (Python's {@code name}).
     *
     * @return the name; "MainProcess" for the JVM the user started
     */
    public String name() {
        return name;
    }

    /**
     * The OS process id (Python's {@code pid}).
     *
     * @return the pid; on the thread engines, the pid of the JVM they run in
     */
    public long pid() {
        return pid;
    }

    /**
     * The daemon flag (Python's {@code daemon}): a daemon process is terminated when its parent
     * exits and may not start children.
     *
     * @return true for a daemon process
     */
    public boolean daemon() {
        return daemon;
    }

    /**
     * The engine the process runs on.
     *
     * @return the engine; {@link Engine#PROCESSES} for the JVM the user started
     */
    public Engine engine() {
        return engine;
    }

    /**
     * Whether the process is still running (Python's {@code is_alive()}).
     *
     * @return true while it runs; always true for the current process
     */
    public boolean isAlive() {
        if (current) {
            return true;
        }
        if (thread != null) {
            return thread.isAlive();
        }
        return pid == dev.mp4j.internal.runtime.Pids.self() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Waits until the process ends (Python's {@code join()}).
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException for the current process ("cannot join current process")
     */
    public void join() throws InterruptedException {
        while (!join(Duration.ofDays(1))) {
            // keep waiting
        }
    }

    /**
     * Waits at most {@code timeout} for the process to end (Python's {@code join(timeout)}).
     *
     * @param timeout how long to wait; zero or negative checks without waiting
     * @return true if it ended, false if the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException for the current process ("cannot join current process")
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (current) {
            throw new IllegalStateException("cannot join current process");
        }
        Duration wait = timeout.isNegative() ? Duration.ZERO : timeout;
        if (thread != null) {
            return thread.join(wait);
        }
        if (pid == dev.mp4j.internal.runtime.Pids.self()) {
            Thread.sleep(wait); // this JVM: it ends only after its last waiter
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.get().isAlive();
        }
    }

    /**
     * Ready in {@link dev.mp4j.connection.Connections#wait(java.util.Collection, Duration)} once
     * the process has ended (Python's {@code sentinel}).
     *
     * @return the sentinel, the same object each time
     */
    public Waitable sentinel() {
        return sentinel;
    }

    /**
     * The authkey of this process tree (Python's {@code authkey}): a child JVM inherits its parent's,
     * the default authkey of {@link dev.mp4j.manager.Manager}s.
     *
     * @return a copy of the key, 32 bytes unless set otherwise
     */
    public byte[] authkey() {
        return ProcessAuthkey.get();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessInfo info && info.name.equals(name) && info.pid == pid
                && info.daemon == daemon && info.engine == engine;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, pid, daemon, engine);
    }

    @Override
    public String toString() {
        return "ProcessInfo[name=" + name + ", pid=" + pid + ", daemon=" + daemon + ", engine=" + engine + "]";
    }
}
