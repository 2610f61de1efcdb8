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

    /** A snapshot of a process that is a whole JVM (no thread of its own). */
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

    /** The process name ("MainProcess" for the JVM the user started). */
    public String name() {
        return name;
    }

    /** The OS process id (on the thread engines, the pid of the JVM they run in). */
    public long pid() {
        return pid;
    }

    public boolean daemon() {
        return daemon;
    }

    public Engine engine() {
        return engine;
    }

    /** Whether the process is still running (always true for the current process). */
    public boolean isAlive() {
        if (current) {
            return true;
        }
        if (thread != null) {
            return thread.isAlive();
        }
        return pid == dev.mp4j.internal.runtime.Pids.self() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until the process ends. @throws IllegalStateException for the current process */
    public void join() throws InterruptedException {
        while (!join(Duration.ofDays(1))) {
            // keep waiting
        }
    }

    /**
     * Waits at most {@code timeout} for the process to end.
     *
     * @return true if it ended
     * @throws IllegalStateException for the current process ("cannot join current process")
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
     * the process has ended (Python's {@code sentinel}). The same object each time.
     */
    public Waitable sentinel() {
        return sentinel;
    }

    /**
     * The authkey of this process tree (Python's {@code authkey}): a child JVM inherits its parent's,
     * the default authkey of {@link dev.mp4j.manager.Manager}s. A copy.
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
