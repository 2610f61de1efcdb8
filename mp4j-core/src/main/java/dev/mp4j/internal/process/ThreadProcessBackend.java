package dev.mp4j.internal.process;

import dev.mp4j.Engine;
import dev.mp4j.ProcessInfo;

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
    private static final ThreadLocal<ProcessInfo[]> CURRENT = new ThreadLocal<>();
    private final Thread thread;
    private volatile int exitCode = Integer.MIN_VALUE;

    public ThreadProcessBackend(Engine engine, Runnable target, String name, boolean daemon, String identity) {
        ProcessInfo self = new ProcessInfo(name, ProcessHandle.current().pid(), daemon, engine);
        ProcessInfo parent = currentInfo();
        Runnable body = () -> {
            CURRENT.set(new ProcessInfo[] {self, parent});
            IDENTITY.set(identity);
            try {
                target.run();
                exitCode = 0;
            } catch (Throwable t) {
                System.err.println("Process " + name + ":");
                t.printStackTrace();
                exitCode = 1;
            } finally {
                CURRENT.remove();
                IDENTITY.remove();
            }
        };
        thread = engine == Engine.VIRTUAL_THREADS
                ? Thread.ofVirtual().name(name).unstarted(body)
                : Thread.ofPlatform().name(name).daemon(daemon).unstarted(body);
    }

    private static final ThreadLocal<String> IDENTITY = new ThreadLocal<>();

    /** The process the calling thread belongs to. */
    public static ProcessInfo currentInfo() {
        ProcessInfo[] info = CURRENT.get();
        if (info != null) {
            return info[0];
        }
        return new ProcessInfo(ChildContext.name(), ProcessHandle.current().pid(), ChildContext.daemon(), Engine.PROCESSES);
    }

    /** The parent of the calling thread's process, or null for the main process. */
    public static ProcessInfo parentInfo() {
        ProcessInfo[] info = CURRENT.get();
        if (info != null) {
            return info[1];
        }
        return ChildContext.parentPid().map(pid -> new ProcessInfo(ChildContext.parentName(), pid, false, Engine.PROCESSES))
                .orElse(null);
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
        return ProcessHandle.current().pid();
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
