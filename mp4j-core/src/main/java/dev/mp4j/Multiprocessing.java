package dev.mp4j;

import dev.mp4j.internal.process.ProcessBackend;
import dev.mp4j.internal.process.ProcessFacts;
import dev.mp4j.internal.process.ThreadProcessBackend;
import dev.mp4j.internal.runtime.ExitSignals;
import dev.mp4j.internal.runtime.ProcessAuthkey;
import dev.mp4j.internal.runtime.ProcessLogger;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The module-level functions of Python's {@code multiprocessing}: {@link #currentProcess()},
 * {@link #parentProcess()}, {@link #activeChildren()}, {@link #cpuCount()}, {@link #getContext},
 * {@link #getLogger()}, {@link #logToStderr}.
 *
 * <p>Also registers the exit behaviour Python has: when this JVM exits, {@link Finalizer}s with an
 * exit priority of at least 0 run, daemon children are terminated and non-daemon children are
 * waited for, then the remaining finalizers run. When a signal ends this JVM (SIGTERM, SIGINT,
 * SIGHUP) nothing is waited for without a limit: every live child process gets SIGTERM, those
 * still alive after {@link #EXIT_GRACE} get SIGKILL, and the JVM exits (status 128 + the signal's
 * number) after its clean-up.
 */
public final class Multiprocessing {
    private static final Set<Process> children = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger childCounter = new AtomicInteger();
    /**
     * How long the children of a JVM ended by a signal get between SIGTERM and SIGKILL
     * ({@code -Dmp4j.exitGraceMillis}, default 2000).
     */
    static final Duration EXIT_GRACE = Duration.ofMillis(Long.getLong("mp4j.exitGraceMillis", 2000));

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mp4j-exit").unstarted(Multiprocessing::atExit));
        ExitSignals.install();
        ProcessLogger.get().processName(() -> currentProcess().name());
    }

    private Multiprocessing() {
    }

    /** Makes sure the exit hook is registered (called by classes that rely on it). */
    static void init() {
        // the static initializer did the work
    }

    /**
     * The process the calling code runs in (Python's {@code multiprocessing.current_process()}).
     * On the thread engines, the {@code Process} whose thread calls this.
     *
     * @return its name ("MainProcess" in the JVM the user started), pid, identity and authkey
     */
    public static ProcessInfo currentProcess() {
        return ProcessInfo.of(ThreadProcessBackend.current(), true);
    }

    /**
     * The parent of the current process, as a live handle ({@code isAlive()}, {@code join()},
     * {@code sentinel()}); empty in the main process (Python's {@code parent_process()}).
     *
     * @return the parent, or empty in the JVM the user started
     */
    public static Optional<ProcessInfo> parentProcess() {
        ProcessFacts parent = ThreadProcessBackend.parent();
        return parent == null ? Optional.empty() : Optional.of(ProcessInfo.of(parent, false));
    }

    /**
     * The children started by this JVM that are still alive (Python's
     * {@code multiprocessing.active_children()}). Like Python's, it forgets the children that
     * ended, so that they are not kept reachable.
     *
     * @return a snapshot, immutable
     */
    public static List<Process> activeChildren() {
        children.removeIf(p -> {
            try {
                return !p.isAlive();
            } catch (IllegalStateException closed) {
                return true;
            }
        });
        return List.copyOf(children);
    }

    /**
     * The number of CPUs this JVM may use (Python's {@code multiprocessing.cpu_count()}, or
     * rather {@code os.process_cpu_count()}: a container's CPU limit and the affinity mask count).
     *
     * @return {@link Runtime#availableProcessors()}, at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The authkey of the current process (Python's {@code current_process().authkey}): 32 random
     * bytes in the JVM the user started, inherited by every child JVM. Managers started or
     * connected without an explicit authkey use it.
     *
     * @return a copy of the key, which the caller may change without effect
     */
    public static byte[] authkey() {
        return ProcessAuthkey.get();
    }

    /**
     * A context whose factories make processes, pools, queues and locks the way a Python start
     * method would (Python's {@code get_context(method)}):
     *
     * <ul>
     * <li>{@code "forkserver"}: child JVMs, started from warm spare JVMs when one is ready (the
     *     default, and the closest to Python's forkserver);</li>
     * <li>{@code "spawn"}: child JVMs, each started fresh, never from a spare;</li>
     * <li>{@code "fork"}: refused with an {@link UnsupportedOperationException} naming the
     *     alternatives: a JVM cannot fork itself with its threads;</li>
     * <li>{@code "threads"} (mp4j's own): {@link Engine#THREADS}.</li>
     * </ul>
     *
     * <pre>{@code
     * Context ctx = Multiprocessing.getContext("spawn");
     * Queue<String> q = ctx.queue();
     * Process p = ctx.process(() -> q.put("hello"));
     * p.start();
     * }</pre>
     *
     * @param method the start method's name
     * @return the context, immutable
     * @throws UnsupportedOperationException for {@code "fork"}
     * @throws IllegalArgumentException for any other name ("cannot find context for ...")
     * @throws NullPointerException when {@code method} is null
     */
    public static Context getContext(String method) {
        return Context.forMethod(Objects.requireNonNull(method, "method"));
    }

    /**
     * The default context, {@code "forkserver"} (Python's {@code get_context()}; forkserver is
     * Python 3.14's default on Linux).
     *
     * @return the context, immutable
     */
    public static Context getContext() {
        return Context.forMethod(Context.FORKSERVER);
    }

    /**
     * The start method this process was started with, and that of the default context:
     * {@code "forkserver"}, or {@code "spawn"} in a process a spawn context started (Python's
     * {@code get_start_method()}).
     *
     * @return {@code "forkserver"} or {@code "spawn"}
     */
    public static String getStartMethod() {
        return Context.SPAWN.equals(System.getProperty("mp4j.startMethod")) ? Context.SPAWN : Context.FORKSERVER;
    }

    /**
     * The start methods {@link #getContext(String)} accepts on this platform, default first
     * (Python's {@code get_all_start_methods()}; "fork" is not among them).
     *
     * @return {@code ["forkserver", "spawn", "threads"]}, immutable
     */
    public static List<String> getAllStartMethods() {
        return Context.METHODS;
    }

    /**
     * mp4j's logger (Python's {@code multiprocessing.get_logger()}): an SLF4J {@link Logger} named
     * {@code dev.mp4j} that forwards to your SLF4J binding, until {@link #logToStderr} sends its
     * records to stderr instead.
     *
     * @return the logger, the same object each time; thread-safe
     */
    public static Logger getLogger() {
        return ProcessLogger.get();
    }

    /**
     * Python's {@code log_to_stderr(level)}: from now on {@link #getLogger()} writes records of
     * {@code level} and above to {@code System.err} as {@code [INFO/Process-1] message}, in this
     * process and in the {@link Process} children it starts afterwards.
     *
     * @param level the lowest level written
     * @return the logger, as {@link #getLogger()} returns it
     * @throws NullPointerException when {@code level} is null
     */
    public static Logger logToStderr(Level level) {
        ProcessLogger.get().logToStderr(Objects.requireNonNull(level, "level"));
        return ProcessLogger.get();
    }

    /**
     * Python's {@code log_to_stderr()}: as {@link #logToStderr(Level)} at the level set before,
     * or at {@link Level#WARN} (Python's default level, WARNING) the first time.
     *
     * @return the logger, as {@link #getLogger()} returns it
     */
    public static Logger logToStderr() {
        Level current = ProcessLogger.get().stderrLevel();
        return logToStderr(current != null ? current : Level.WARN);
    }

    static String nextChildIdentity() {
        String parent = ThreadProcessBackend.currentIdentity();
        int n = childCounter.incrementAndGet();
        return parent.isEmpty() ? Integer.toString(n) : parent + ":" + n;
    }

    static void registerChild(Process process) {
        children.add(process);
    }

    static void unregisterChild(Process process) {
        children.remove(process);
    }

    static ProcessBackend clusterBackend(Runnable target, String name, boolean daemon) {
        return ServiceLoader.load(dev.mp4j.spi.ClusterProcessFactory.class).findFirst()
                .orElseThrow(() -> new UnsupportedOperationException(
                        "Engine.CLUSTER needs the mp4j-cluster module on the class path and a configured Redis address"))
                .create(target, name, daemon);
    }

    private static void atExit() {
        Finalizer.runAtJvmExit(0);
        if (ExitSignals.received() != null) {
            stopChildren();
            Finalizer.runAtJvmExit(Integer.MIN_VALUE);
            return;
        }
        for (Process child : List.copyOf(children)) {
            try {
                if (child.engine() != Engine.PROCESSES || !child.isAlive()) {
                    continue;
                }
                if (child.isDaemon()) {
                    child.terminate();
                } else {
                    child.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException ignored) {
                // closed meanwhile
            }
        }
        Finalizer.runAtJvmExit(Integer.MIN_VALUE);
    }

    /** SIGTERM to every live child process, SIGKILL to those alive after {@link #EXIT_GRACE}. */
    private static void stopChildren() {
        List<Process> live = new ArrayList<>();
        for (Process child : List.copyOf(children)) {
            try {
                if (child.engine() == Engine.PROCESSES && child.isAlive()) {
                    child.terminate();
                    live.add(child);
                }
            } catch (RuntimeException ignored) {
                // closed meanwhile
            }
        }
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        try {
            for (Process child : live) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !child.join(Duration.ofNanos(left))) {
                    break;
                }
            }
            for (Process child : live) {
                if (child.isAlive()) {
                    child.kill();
                }
            }
            for (Process child : live) {
                child.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // a child closed meanwhile is not alive
        }
    }
}
