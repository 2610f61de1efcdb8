package dev.mp4j;

import dev.mp4j.internal.process.ProcessBackend;
import dev.mp4j.internal.process.ThreadProcessBackend;
import dev.mp4j.internal.runtime.ExitSignals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The module-level functions of Python's {@code multiprocessing}: {@link #currentProcess()},
 * {@link #parentProcess()}, {@link #activeChildren()}, {@link #cpuCount()}.
 *
 * <p>Also registers the exit behaviour Python has: when this JVM exits, daemon children are
 * terminated and non-daemon children are waited for. When a signal ends this JVM (SIGTERM,
 * SIGINT, SIGHUP) nothing is waited for without a limit: every live child process gets SIGTERM,
 * those still alive after {@link #EXIT_GRACE} get SIGKILL, and the JVM exits (status 128 + the
 * signal's number) after its clean-up.
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
    }

    private Multiprocessing() {
    }

    /** The process the calling code runs in ("MainProcess" in the JVM the user started). */
    public static ProcessInfo currentProcess() {
        return ThreadProcessBackend.currentInfo();
    }

    /** The parent of the current process; empty in the main process. */
    public static Optional<ProcessInfo> parentProcess() {
        return Optional.ofNullable(ThreadProcessBackend.parentInfo());
    }

    /** The children started by this JVM that are still alive. */
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

    /** The number of CPUs this JVM may use. */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
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
        if (ExitSignals.received() != null) {
            stopChildren();
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
                return;
            } catch (RuntimeException ignored) {
                // closed meanwhile
            }
        }
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
