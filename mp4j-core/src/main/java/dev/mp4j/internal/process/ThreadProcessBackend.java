package dev.mp4j.internal.process;

import dev.mp4j.Engine;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A "process" that is a platform or virtual thread of this JVM. Exit code 0 when the target
 * returns, 1 when it throws (the stack trace goes to stderr). A thread cannot be killed on the JVM,
 * so {@link #terminate()} interrupts it and {@link #kill()} is refused.
 *
 * <p>{@code exitCode} is written by the thread before it ends and read after {@code join}; the
 * join's happens-before edge makes it visible.
 */
public final class ThreadProcessBackend implements ProcessBackend {
    private static final ThreadLocal<ProcessFacts[]> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<String> IDENTITY = new ThreadLocal<>();
    private final Thread thread;
    private volatile int exitCode = Integer.MIN_VALUE;

    /**
     * @param atExit run by the thread after the target, whatever its outcome (the exit-time
     *     callbacks the process registered: a thread "process" exits when its thread ends)
     */
    public ThreadProcessBackend(Engine engine, Runnable target, String name, boolean daemon, String identity,
                                Runnable atExit) {
        ProcessFacts parent = current();
        ProcessFacts[] facts = new ProcessFacts[2];
        Runnable body = () -> {
            CURRENT.set(facts);
            IDENTITY.set(identity);
            try {
                target.run();
                exitCode = 0;
            } catch (Throwable t) {
                System.err.println("Process " + name + ":");
                t.printStackTrace();
                exitCode = 1;
            } finally {
                try {
                    atExit.run();
                } finally {
                    CURRENT.remove();
                    IDENTITY.remove();
                }
            }
        };
        thread = engine == Engine.VIRTUAL_THREADS
                ? Thread.ofVirtual().name(name).unstarted(body)
                : Thread.ofPlatform().name(name).daemon(daemon).unstarted(body);
        facts[0] = new ProcessFacts(name, dev.mp4j.internal.runtime.Pids.self(), daemon, engine, thread);
        facts[1] = parent;
    }

    /** The process the calling thread belongs to. */
    public static ProcessFacts current() {
        ProcessFacts[] facts = CURRENT.get();
        if (facts != null) {
            return facts[0];
        }
        return new ProcessFacts(ChildContext.name(), dev.mp4j.internal.runtime.Pids.self(), ChildContext.daemon(),
                Engine.PROCESSES, null);
    }

    /** The parent of the calling thread's process, or null for the main process. */
    public static ProcessFacts parent() {
        ProcessFacts[] facts = CURRENT.get();
        if (facts != null) {
            return facts[1];
        }
        return ChildContext.parentPid()
                .map(pid -> new ProcessFacts(ChildContext.parentName(), pid, false, Engine.PROCESSES, null))
                .orElse(null);
    }

    /** The identity of the thread "process" the calling thread runs, or null outside one. */
    public static String threadProcessIdentity() {
        return IDENTITY.get();
    }

    /** The identity of the calling thread's process ("" for the main process). */
    public static String currentIdentity() {
        String identity = IDENTITY.get();
        return identity != null ? identity : ChildContext.identity();
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    @Override
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public long pid() {
        return dev.mp4j.internal.runtime.Pids.self();
    }

    @Override
    public OptionalInt exitCode() {
        int code = exitCode;
        return code == Integer.MIN_VALUE || thread.isAlive() ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public void terminate() {
        thread.interrupt();
    }

    @Override
    public void kill() {
        throw new UnsupportedOperationException("a thread cannot be killed on the JVM (Thread.stop was removed in JDK 20):"
                + " use terminate() to interrupt it, or Engine.PROCESSES for a hard kill");
    }

    @Override
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        // nothing to release: the thread has ended
    }
}
