package dev.mp4j;

import dev.mp4j.internal.process.ThreadProcessBackend;
import org.slf4j.Logger;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clean-up callback that runs once: when the process that registered it exits, when an object
 * becomes unreachable, or when called: Python's {@code multiprocessing.util.Finalize}.
 *
 * <pre>{@code
 * Finalizer.atExit(() -> Files.deleteIfExists(scratch), 10);   // when this process exits
 * Finalizer cleanup = Finalizer.whenUnreachable(buffer, memory::close, 0);
 * cleanup.run();                                              // now, and never again
 * }</pre>
 *
 * <p>"This process" is the process the registering code runs in: a child JVM or the JVM the user
 * started (run from a shutdown hook, also after {@code System.exit}), or on {@link Engine#THREADS}
 * the thread "process", whose callbacks run on its thread when its target has returned or thrown,
 * before {@code join} returns. At exit, callbacks run in decreasing exit priority, and among equal
 * priorities the last registered first (Python's order). In the JVM the user started, those with a
 * priority {@code >= 0} run before daemon children are terminated and other children are joined,
 * the negative ones after, as in Python. A callback registered without a priority runs only when
 * its object becomes unreachable or when called. A callback that throws is logged; the others still
 * run. A callback must not hold a reference to the object it cleans up after (the object would then
 * never become unreachable), as with {@link Cleaner}.
 *
 * <p>Thread-safe; each callback runs at most once, whatever happens first.
 */
public final class Finalizer {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(Finalizer.class);
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("mp4j-finalizer").factory());
    /** Registered callbacks with an exit priority, by the identity of the thread process ("" for this JVM). */
    private static final Map<String, Set<Finalizer>> BY_PROCESS = new ConcurrentHashMap<>();
    private static final String THIS_JVM = "";
    private static final AtomicLong ORDER = new AtomicLong();

    static {
        Multiprocessing.init();
    }

    private final Runnable callback;
    private final Integer exitPriority;
    private final long order = ORDER.incrementAndGet();
    private final String process;
    private final AtomicBoolean pending = new AtomicBoolean(true);
    private volatile Cleaner.Cleanable cleanable;

    private Finalizer(Runnable callback, Integer exitPriority) {
        this.callback = Objects.requireNonNull(callback, "callback");
        this.exitPriority = exitPriority;
        String identity = ThreadProcessBackend.threadProcessIdentity();
        this.process = identity != null ? identity : THIS_JVM;
    }

    /**
     * Runs {@code callback} when this process exits, with exit priority 0 (Python's
     * {@code Finalize(None, callback, exitpriority=0)}).
     *
     * @param callback the clean-up
     * @return the registration, to run or cancel it earlier
     * @throws NullPointerException when {@code callback} is null
     */
    public static Finalizer atExit(Runnable callback) {
        return atExit(callback, 0);
    }

    /**
     * Runs {@code callback} when this process exits (Python's
     * {@code Finalize(None, callback, exitpriority=n)}).
     *
     * @param callback     the clean-up
     * @param exitPriority higher priorities run first; in the JVM the user started, negative ones
     *                     run after its children were joined or terminated
     * @return the registration, to run or cancel it earlier
     * @throws NullPointerException when {@code callback} is null
     */
    public static Finalizer atExit(Runnable callback, int exitPriority) {
        return new Finalizer(callback, exitPriority).register(null);
    }

    /**
     * Runs {@code callback} when {@code referent} becomes unreachable (Python's
     * {@code Finalize(obj, callback)}), on mp4j's cleaner thread; not at exit.
     *
     * @param referent the object whose collection triggers the callback
     * @param callback the clean-up, which must not refer to {@code referent}
     * @return the registration, to run or cancel it earlier
     * @throws NullPointerException when an argument is null
     */
    public static Finalizer whenUnreachable(Object referent, Runnable callback) {
        return new Finalizer(callback, null).register(Objects.requireNonNull(referent, "referent"));
    }

    /**
     * Runs {@code callback} when {@code referent} becomes unreachable or, at the latest, when this
     * process exits (Python's {@code Finalize(obj, callback, exitpriority=n)}).
     *
     * @param referent     the object whose collection triggers the callback
     * @param callback     the clean-up, which must not refer to {@code referent}
     * @param exitPriority its place in the exit order, as in {@link #atExit(Runnable, int)}
     * @return the registration, to run or cancel it earlier
     * @throws NullPointerException when {@code referent} or {@code callback} is null
     */
    public static Finalizer whenUnreachable(Object referent, Runnable callback, int exitPriority) {
        return new Finalizer(callback, exitPriority).register(Objects.requireNonNull(referent, "referent"));
    }

    private Finalizer register(Object referent) {
        if (exitPriority != null) {
            BY_PROCESS.computeIfAbsent(process, p -> ConcurrentHashMap.newKeySet()).add(this);
        }
        if (referent != null) {
            cleanable = CLEANER.register(referent, this::run);
        }
        return this;
    }

    /**
     * Runs the callback now, on the calling thread, if it has not run and was not cancelled
     * (Python's {@code __call__}). An exception the callback throws is logged, not rethrown.
     *
     * @return true if this call ran it; false when it ran or was cancelled before
     */
    public boolean run() {
        if (!pending.compareAndSet(true, false)) {
            return false;
        }
        forget();
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            log.error("finalizer callback {} failed", callback, e);
        }
        return true;
    }

    /**
     * Makes sure the callback will not run (Python's {@code cancel()}).
     *
     * @return true if it was still pending; false when it ran or was cancelled before
     */
    public boolean cancel() {
        if (!pending.compareAndSet(true, false)) {
            return false;
        }
        forget();
        return true;
    }

    /**
     * Whether the callback may still run (Python's {@code still_active()}).
     *
     * @return true until the callback ran or was cancelled
     */
    public boolean isPending() {
        return pending.get();
    }

    /**
     * The exit priority given at registration.
     *
     * @return the priority, or null for a callback that runs only when its object becomes
     *         unreachable or when called
     */
    public Integer exitPriority() {
        return exitPriority;
    }

    private void forget() {
        if (exitPriority != null) {
            Set<Finalizer> registered = BY_PROCESS.get(process);
            if (registered != null) {
                registered.remove(this);
            }
        }
        Cleaner.Cleanable referent = cleanable;
        if (referent != null) {
            referent.clean(); // no longer pending: cleaning just drops the registration
        }
    }

    /** Runs the pending exit callbacks of the thread process {@code identity} (it is ending). */
    static void runAtProcessExit(String identity) {
        Set<Finalizer> registered = BY_PROCESS.remove(identity);
        if (registered != null) {
            runInOrder(new ArrayList<>(registered), Integer.MIN_VALUE);
        }
    }

    /** Runs this JVM's pending exit callbacks whose priority is at least {@code minPriority}. */
    static void runAtJvmExit(int minPriority) {
        Set<Finalizer> registered = BY_PROCESS.get(THIS_JVM);
        if (registered != null) {
            runInOrder(new ArrayList<>(registered), minPriority);
        }
    }

    private static void runInOrder(List<Finalizer> due, int minPriority) {
        due.removeIf(f -> f.exitPriority < minPriority);
        due.sort(Comparator.comparingInt((Finalizer f) -> f.exitPriority).thenComparingLong(f -> f.order).reversed());
        due.forEach(Finalizer::run);
    }

    @Override
    public String toString() {
        return "Finalizer[" + callback + (exitPriority != null ? ", exitPriority=" + exitPriority : "")
                + (isPending() ? "" : ", done") + "]";
    }
}
