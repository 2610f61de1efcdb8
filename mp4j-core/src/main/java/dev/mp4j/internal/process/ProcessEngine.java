package dev.mp4j.internal.process;

import dev.mp4j.AuthenticationException;
import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.connection.HandshakeGate;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import org.slf4j.Logger;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts child JVMs and accepts their control connections: the parent half of the process engine.
 *
 * <p>One per JVM, created on first use. A child gets its bootstrap line (socket path, per-run
 * authkey, spawn token) and then its role frame on stdin, a pipe only this JVM can write (never its
 * command line or environment). A {@code Process} child needs nothing more. A child whose role
 * talks back (a pool worker, or a spare that may become one) connects over two named pipes made for
 * it in this JVM's private {@link RunDirectory} ({@link FifoPair}) and names its spawn token; when
 * no pair is in stock (the first child of this JVM) or pipes are off
 * ({@code -Dmp4j.childTransport=socket}), it connects to the Unix domain socket this engine listens
 * on in the same directory (bound on the first such child), passes the mutual HMAC challenge and names its spawn token. Either way
 * the token ties the connection to its {@link ChildJvm}, and nothing from a child is decoded before
 * that. Socket connections that do not authenticate within {@link #HANDSHAKE_TIMEOUT_SECONDS} are
 * closed.
 *
 * <p>Warm spares: up to {@link #spareCount()} idle children are kept ready, their decode path warmed
 * up (Python's forkserver idea), so starting a process costs a frame instead of a JVM start. Spares
 * are started only after the first child is requested, and only with the default JVM options.
 * Children start from the {@link AotCache} once it has been trained.
 *
 * <p>Thread-safe.
 */
public final class ProcessEngine {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(ProcessEngine.class);
    /**
     * How long a connection may take to authenticate. As long as a child may take to connect back
     * ({@code mp4j.connectTimeoutSeconds}, default 60): a child JVM starved of CPU (100 started at
     * once on 2 cores) can take well over 10 s between connecting and answering the challenge.
     */
    static final int HANDSHAKE_TIMEOUT_SECONDS = Integer.getInteger("mp4j.connectTimeoutSeconds", 60);
    private static volatile ProcessEngine instance;
    private static final ReentrantLock instanceLock = new ReentrantLock();

    /** This process's authkey, which children inherit (Python's {@code current_process().authkey}). */
    private final byte[] authkey = dev.mp4j.internal.runtime.ProcessAuthkey.get();
    private final Path socketPath;
    /** Bound by the accept thread, off the path of the first child's start (see the constructor). */
    private volatile ServerSocketChannel server;
    private final Map<String, ChildJvm> pending = new ConcurrentHashMap<>();
    private final ReentrantLock spareLock = new ReentrantLock();
    private final Deque<ChildJvm> spares = new ArrayDeque<>();
    /** The spares kept at all times (after the first child), {@code -Dmp4j.spareJvms}, default 1. */
    private volatile int spareCount = Integer.getInteger("mp4j.spareJvms", 1);
    /**
     * The most spares demand may raise the target to (a pool of n workers asks for n), default the
     * core count capped at 8: {@code -Dmp4j.maxSpareJvms}. Each idle spare costs its resident memory
     * (about 50 MiB); spares above {@link #spareCount} that nobody took for
     * {@link #SPARE_IDLE_NANOS} are stopped.
     */
    private final int maxSpares = Math.max(0, Integer.getInteger("mp4j.maxSpareJvms",
            Math.min(8, Runtime.getRuntime().availableProcessors())));
    private static final long SPARE_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(
            Long.getLong("mp4j.spareIdleSeconds", 30));
    /** The spares wanted now: {@link #spareCount}, raised by demand up to {@link #maxSpares}. */
    private volatile int spareTarget = spareCount;
    private volatile long lastDemandNanos = System.nanoTime();
    /** Children started on demand that have not reached mp4j's code yet: spares wait for them. */
    private final java.util.concurrent.atomic.AtomicInteger startingOnDemand = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean refilling = new java.util.concurrent.atomic.AtomicBoolean();
    /** When a child was last asked for; spares are refilled only after {@link #SPARE_QUIET_NANOS} without one. */
    private volatile long lastAcquireNanos;
    private static final long SPARE_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("mp4j.spareQuietMillis", 250));
    /** Spares in a row that exited before reaching mp4j's code; refilling stops at {@link #MAX_SPARE_FAILURES}. */
    private final java.util.concurrent.atomic.AtomicInteger spareFailures = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_SPARE_FAILURES = 2;
    private final LaunchSpec defaultSpec = new LaunchSpec(ChildClassPath.discover(), List.of());
    private final java.util.Optional<AotCache> aotCache = AotCache.of(
            defaultSpec.classPath(), System.getProperty("jdk.module.path", ""));
    /** Handshakes run concurrently, each on a virtual thread with its deadline; this bounds how many. */
    private final HandshakeGate handshakes = new HandshakeGate("the control socket", HandshakeGate.DEFAULT_MAX_PENDING,
            HandshakeGate.DEFAULT_MAX_PER_SOURCE);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mp4j-engine-timer").factory());

    /**
     * Everything a first child's start does not need waits for no one: the control socket is
     * bound, and the parent's side of the handshake warmed up, on the accept thread while the
     * caller goes on to spawn the child (whose JVM takes tens of milliseconds to boot, and which
     * retries its connect until the socket is there). A cold JVM's first Unix socket initialises
     * the JCA, its first virtual thread the scheduler: tens of milliseconds that now overlap the
     * child's boot instead of preceding it.
     */
    private ProcessEngine() {
        socketPath = RunDirectory.path().resolve("control.sock");
        FifoPair.refill(); // the first pairs, made while the first child's JVM is being spawned
        timer.scheduleWithFixedDelay(new SpareRetirement(this), 5, 5, TimeUnit.SECONDS);
    }

    /** Set once the accept thread was started ({@link #listen}). */
    private final java.util.concurrent.atomic.AtomicBoolean listening = new java.util.concurrent.atomic.AtomicBoolean();
    /** Counted down once the control socket is bound (or could not be). */
    private final java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);

    /**
     * Starts the control socket's accept thread, once: on the first child that must connect over
     * it (no named pipes for it, see {@link FifoPair}). A program whose children all use pipes never
     * pays for the socket, whose first use initialises the JDK's security providers (tens of
     * milliseconds of a first pool's CPU). A child that connects while the socket is being bound
     * retries until it is there.
     */
    void listen() {
        if (listening.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("mp4j-engine-accept").start(new Acceptor(this));
        }
    }

    /** The accept thread: binds the control socket, warms the handshake up, then accepts children. */
    private static final class Acceptor implements Runnable {
        private final ProcessEngine engine;

        Acceptor(ProcessEngine engine) {
            this.engine = engine;
        }

        @Override
        public void run() {
            try {
                ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                channel.bind(UnixDomainSocketAddress.of(engine.socketPath));
                engine.server = channel;
                engine.bound.countDown();
            } catch (IOException | RuntimeException e) {
                engine.bound.countDown();
                log.error("mp4j's process engine cannot listen on {}: {}; child JVMs that talk back (pool workers,"
                        + " managers) will fail to start", engine.socketPath, e.toString());
                return;
            }
            Handshake.warmUp();
            Thread.ofVirtual().unstarted(NOTHING).start(); // the virtual-thread scheduler, which handshakes run on
            engine.acceptLoop();
        }

        private static final Runnable NOTHING = new Runnable() {
            @Override
            public void run() {
                // starts the scheduler
            }
        };
    }

    private static final class SpareRetirement implements Runnable {
        private final ProcessEngine engine;

        SpareRetirement(ProcessEngine engine) {
            this.engine = engine;
        }

        @Override
        public void run() {
            engine.retireIdleSpares();
        }
    }

    public static ProcessEngine get() {
        ProcessEngine engine = instance;
        if (engine == null) {
            instanceLock.lock();
            try {
                if (instance == null) {
                    instance = new ProcessEngine();
                }
                engine = instance;
            } finally {
                instanceLock.unlock();
            }
        }
        return engine;
    }

    public int spareCount() {
        return spareCount;
    }

    /** The spares wanted now: the base count, raised by the largest recent pool up to the cap. */
    public int spareTarget() {
        return spareTarget;
    }

    public void spareCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spare JVM count must be >= 0, got " + count);
        }
        spareCount = count;
        spareTarget = count;
        List<ChildJvm> surplus = new ArrayList<>();
        spareLock.lock();
        try {
            while (spares.size() > count) {
                surplus.add(spares.pollLast());
            }
        } finally {
            spareLock.unlock();
        }
        surplus.forEach(ChildJvm::kill);
        refillSpares();
    }

    /** Spares that are warmed up and connected, waiting to be handed out. */
    public int readySpares() {
        spareLock.lock();
        try {
            int ready = 0;
            for (ChildJvm spare : spares) {
                if (spare.isAlive() && spare.isWarm()) {
                    ready++;
                }
            }
            return ready;
        } finally {
            spareLock.unlock();
        }
    }

    /** The pids of the spares (for the memory figures of the benchmarks). */
    public List<Long> sparePids() {
        spareLock.lock();
        try {
            List<Long> pids = new ArrayList<>();
            for (ChildJvm spare : spares) {
                pids.add(spare.pid());
            }
            return pids;
        } finally {
            spareLock.unlock();
        }
    }

    /**
     * A pool of {@code workers} JVMs with the default spec was created: keep that many spares
     * (up to {@link #maxSpares}) for the next pool or group of processes. They start one at a time
     * once the children asked for meanwhile are up, so they take only CPU nobody waits for.
     */
    public void demand(int workers) {
        lastDemandNanos = System.nanoTime();
        int wanted = Math.min(maxSpares, Math.max(spareCount, workers));
        if (wanted > spareTarget) {
            spareTarget = wanted;
        }
        refillSpares();
    }

    /**
     * How a child JVM is started: its class path and its extra JVM options. Warm spares are kept for
     * {@link #defaultSpec()} only.
     */
    public record LaunchSpec(String classPath, List<String> jvmOptions) {
        public LaunchSpec {
            java.util.Objects.requireNonNull(classPath, "classPath");
            jvmOptions = List.copyOf(jvmOptions);
        }

        // written out: a record's generated equals is linked through invokedynamic on its first call,
        // milliseconds of a cold JVM's first child start
        @Override
        public boolean equals(Object other) {
            return other instanceof LaunchSpec spec && classPath.equals(spec.classPath) && jvmOptions.equals(spec.jvmOptions);
        }

        @Override
        public int hashCode() {
            return 31 * classPath.hashCode() + jvmOptions.hashCode();
        }

        /** This spec with {@code entries} appended to its class path. */
        public LaunchSpec withEntries(java.util.Collection<String> entries) {
            if (entries.isEmpty()) {
                return this;
            }
            return new LaunchSpec(classPath + File.pathSeparator + String.join(File.pathSeparator, entries), jvmOptions);
        }
    }

    /**
     * {@code classPath} if it is a usable class path for a child.
     *
     * @throws IllegalArgumentException when it is blank or names an entry that does not exist
     */
    public static String validateClassPath(String classPath) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("a child class path must name at least one jar or folder");
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            String path = entry.endsWith("/*") ? entry.substring(0, entry.length() - 2) : entry;
            if (!Files.exists(Path.of(path))) {
                throw new IllegalArgumentException("child class path entry '" + entry + "' does not exist");
            }
        }
        return classPath;
    }

    /** The class path children get by default: {@code -Dmp4j.childClassPath}, or the one found from this JVM's loaders. */
    public String childClassPath() {
        return defaultSpec.classPath();
    }

    /** The spec of a child with no extra options and the class path this JVM discovered (or was told). */
    public LaunchSpec defaultSpec() {
        return defaultSpec;
    }

    /**
     * The spec for a child with {@code jvmOptions} and, when not null, {@code classPath} instead of
     * the discovered one.
     */
    public LaunchSpec spec(List<String> jvmOptions, String classPath) {
        if (classPath == null && jvmOptions.isEmpty()) {
            return defaultSpec;
        }
        return new LaunchSpec(classPath != null ? classPath : defaultSpec.classPath(), jvmOptions);
    }

    /**
     * {@code spec}, extended so that a child can load every class of {@code classNames} (as
     * {@code loader} resolves them): a class defined in memory is written where children find it,
     * a class from a loader whose entries are not on the path adds them.
     *
     * @throws IllegalArgumentException when a class cannot be made available to a child, naming it,
     *         why, and what to do
     */
    public LaunchSpec cover(LaunchSpec spec, java.util.Collection<String> classNames, ClassLoader loader, String what) {
        List<String> unchecked = new ArrayList<>();
        for (String name : classNames) {
            if (!covered.contains(coverKey(spec, name, loader))) {
                unchecked.add(name);
            }
        }
        if (unchecked.isEmpty()) {
            return spec;
        }
        ChildClassPath.Coverage coverage = ChildClassPath.cover(spec.classPath(), unchecked, loader);
        if (coverage.refusal() != null) {
            throw new IllegalArgumentException("cannot run " + what + " in a child JVM: " + coverage.refusal());
        }
        if (!coverage.missingEntries().isEmpty()) {
            log.debug("{} needs class path entries its children lack: {}", what, coverage.missingEntries());
            return spec.withEntries(coverage.missingEntries());
        }
        if (covered.size() < MAX_COVERED) {
            for (String name : unchecked) {
                covered.add(coverKey(spec, name, loader));
            }
        }
        return spec;
    }

    /** Classes found on a spec's class path already (a loop starting processes checks each class once). */
    private final java.util.Set<String> covered = ConcurrentHashMap.newKeySet();
    private static final int MAX_COVERED = 4096;

    private static String coverKey(LaunchSpec spec, String className, ClassLoader loader) {
        return System.identityHashCode(loader) + "/" + spec.classPath().hashCode() + "/" + className;
    }

    /** Starts a child JVM with the default spec and {@code jvmOptions}. */
    public ChildJvm acquire(List<String> jvmOptions) {
        return acquire(spec(jvmOptions, null));
    }

    /**
     * A child JVM that is started (maybe not yet connected). For the default spec a ready spare
     * is handed out when there is one.
     */
    public ChildJvm acquire(LaunchSpec spec) {
        return acquire(spec, false);
    }

    /**
     * As {@link #acquire(LaunchSpec)}; with {@code connects} (a role that uses the control
     * connection, such as a pool worker) a child started for it connects back while it waits for
     * its role frame instead of after it, so that the socket's and the handshake's start-up cost
     * overlaps the delivery and decoding of the role.
     */
    public ChildJvm acquire(LaunchSpec spec, boolean connects) {
        lastAcquireNanos = System.nanoTime();
        ChildJvm child = null;
        boolean isDefault = spec.equals(defaultSpec);
        if (isDefault) {
            spareLock.lock();
            try {
                spares.removeIf(spare -> !spare.isAlive());
                for (ChildJvm spare : spares) { // a warm one first: it is connected already
                    if (spare.isWarm()) {
                        child = spare;
                        break;
                    }
                }
                if (child == null) {
                    child = spares.pollFirst();
                } else {
                    spares.remove(child);
                }
            } finally {
                spareLock.unlock();
            }
        }
        if (child == null) {
            child = spawn(spec, connects ? Mode.CONNECTING : Mode.ON_DEMAND);
            startingOnDemand.incrementAndGet();
            child.started().whenComplete((ok, failure) -> {
                startingOnDemand.decrementAndGet();
                if (failure == null) {
                    spareFailures.set(0);
                }
            });
        }
        if (isDefault) {
            recentStarts.add(System.nanoTime());
            demand(recentStarts.countWithin(DEMAND_WINDOW_NANOS));
        }
        return child;
    }

    /** Children asked for within this window count as one group (a loop starting N processes). */
    private static final long DEMAND_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * Takes back a child that was started for a pool worker but never got its role, because the pool
     * closed first (a short-lived pool whose last worker was still booting). It has run no user code
     * and holds nothing of the pool, so it is as clean as a spare: it serves the next pool or process
     * instead of being killed and started again. Refused, and left to the caller to kill, when it is
     * not of the default spec, is not alive, got deserialization settings that changed since
     * ({@link #trustSettingsChanged}), or the spares are full.
     *
     * @return whether the child is now a spare
     */
    public boolean adoptAsSpare(ChildJvm child, LaunchSpec spec) {
        if (!spec.equals(defaultSpec) || child.wasStopped() || child.settingsGeneration() != settingsGeneration.get()) {
            return false;
        }
        spareLock.lock();
        try {
            spares.removeIf(spare -> !spare.isAlive());
            if (spares.size() >= spareTarget || !child.isAlive() || spares.contains(child)) {
                return false;
            }
            spares.addFirst(child); // started before any spare being refilled: the nearest to ready
        } finally {
            spareLock.unlock();
        }
        return true; // no log here: a program's first log call starts SLF4J (tens of ms), and a pool's close() waits on this
    }

    /** Bumped after the deserialization settings change: a child started before holds the old ones. */
    private static final java.util.concurrent.atomic.AtomicInteger settingsGeneration = new java.util.concurrent.atomic.AtomicInteger();

    /** When the last default-spec children were asked for; a group of them raises the spare target. */
    private final StartTimes recentStarts = new StartTimes(64);

    /** The times of the last {@code capacity} starts; thread-safe. */
    private static final class StartTimes {
        private final long[] times;
        private int next;
        private int size;

        StartTimes(int capacity) {
            times = new long[capacity];
        }

        synchronized void add(long nanos) {
            times[next] = nanos;
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
        }

        synchronized int countWithin(long windowNanos) {
            long now = System.nanoTime();
            int count = 0;
            for (int i = 0; i < size; i++) {
                if (now - times[i] <= windowNanos) {
                    count++;
                }
            }
            return count;
        }
    }

    /**
     * Starts spares until there are {@link #spareTarget}, one at a time, each once no child started
     * on demand is still starting (a spare must not slow down the start of one somebody waits
     * for); one refiller runs at a time. Stops after {@link #MAX_SPARE_FAILURES} spares in a row
     * died before reaching mp4j's code, until a child started on demand does.
     */
    private void refillSpares() {
        if (spareFailures.get() >= MAX_SPARE_FAILURES || !refilling.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("mp4j-spare-refill").start(new Refiller(this));
    }

    /** The refill thread (a class: no lambda to link on a cold JVM's first child start). */
    private static final class Refiller implements Runnable {
        private final ProcessEngine engine;

        Refiller(ProcessEngine engine) {
            this.engine = engine;
        }

        @Override
        public void run() {
            engine.refill();
        }
    }

    private void refill() {
        try {
            while (true) {
                ChildJvm spare;
                spareLock.lock();
                try {
                    spares.removeIf(c -> !c.isAlive());
                    if (spares.size() >= spareTarget || spareFailures.get() >= MAX_SPARE_FAILURES) {
                        return;
                    }
                } finally {
                    spareLock.unlock();
                }
                // a spare takes CPU: start it once the program has asked for no child for a moment
                // and none of those it asked for is still starting
                long patience = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((startingOnDemand.get() > 0 || System.nanoTime() - lastAcquireNanos < SPARE_QUIET_NANOS)
                        && System.nanoTime() < patience) {
                    Thread.sleep(10);
                }
                spareLock.lock();
                try {
                    if (spares.size() >= spareTarget) {
                        return;
                    }
                    spare = spawn(defaultSpec, Mode.SPARE);
                    spares.addLast(spare);
                } finally {
                    spareLock.unlock();
                }
                try {
                    spare.started().get(60, TimeUnit.SECONDS);
                    spare.awaitWarm(java.time.Duration.ofSeconds(30)); // one warm-up at a time
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (!spare.wasStopped()) {
                        int failures = spareFailures.incrementAndGet();
                        log.debug("spare child JVM {} could not start ({} in a row): {}", spare.pid(), failures,
                                e.getCause() != null ? e.getCause().getMessage() : e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not start a spare child JVM: {}", e.getMessage());
        } finally {
            refilling.set(false);
        }
    }

    /** Stops spares above {@link #spareCount} when nobody asked for a child for {@link #SPARE_IDLE_NANOS}. */
    private void retireIdleSpares() {
        if (spareTarget <= spareCount || System.nanoTime() - lastDemandNanos < SPARE_IDLE_NANOS) {
            return;
        }
        spareTarget = spareCount;
        List<ChildJvm> surplus = new ArrayList<>();
        spareLock.lock();
        try {
            while (spares.size() > spareCount) {
                surplus.add(spares.pollLast());
            }
        } finally {
            spareLock.unlock();
        }
        if (!surplus.isEmpty()) {
            log.debug("stopping {} idle spare JVMs", surplus.size());
        }
        surplus.forEach(ChildJvm::kill);
    }

    /**
     * The deserialization settings changed (see {@code dev.mp4j.Serialization}): spares, which got
     * the old ones in their bootstrap line, are replaced.
     */
    public static void trustSettingsChanged() {
        settingsGeneration.incrementAndGet();
        ProcessEngine engine = instance;
        if (engine != null) {
            List<ChildJvm> stale = new ArrayList<>();
            engine.spareLock.lock();
            try {
                stale.addAll(engine.spares);
                engine.spares.clear();
            } finally {
                engine.spareLock.unlock();
            }
            stale.forEach(ChildJvm::kill);
            engine.refillSpares();
        }
    }

    /** Why a child is started; the child learns it from its bootstrap line. */
    enum Mode {
        /** For a process or pool worker that is waiting for it. */
        ON_DEMAND("on-demand"),
        /** As {@link #ON_DEMAND}, for a role that uses the control connection: it connects at once. */
        CONNECTING("connecting"),
        /** A warm spare: it pre-loads the decode path while it waits. */
        SPARE("spare"),
        /**
         * Warms up (see {@link Warmup#train}), runs a trivial Process and exits, writing the
         * {@link AotCache}; it does not watch for its parent's death (see there).
         */
        TRAINING("training");

        final String word;

        Mode(String word) {
            this.word = word;
        }
    }

    private ChildJvm spawn(LaunchSpec spec, Mode mode) {
        // the cache holds the default class path's classes; a longer path (its prefix the same) still uses it
        List<String> cacheOptions = spec.classPath().startsWith(defaultSpec.classPath())
                ? aotCache.map(AotCache::childOptions).orElse(List.of()) : List.of();
        return launch(JvmCommand.build(cacheOptions, spec.jvmOptions(), spec.classPath()), mode);
    }

    private ChildJvm launch(List<String> command, Mode mode) {
        String token = RunDirectory.randomToken(16);
        ProcessBuilder builder = new ProcessBuilder(command);
        // a training child's output is the JVM's report on writing the cache: not the user's business
        builder.redirectOutput(mode == Mode.TRAINING ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
        // a child's stderr goes through a pump, which also keeps its last lines to explain a failed start
        builder.redirectError(mode == Mode.TRAINING ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.PIPE);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        InheritedJvmOptions.applyTo(builder);
        // a child that may talk back connects over named pipes (see FifoPair), or else over the socket
        FifoPair pipes = mode == Mode.CONNECTING || mode == Mode.SPARE ? FifoPair.take(token) : null;
        java.lang.Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (pipes != null) {
                pipes.release();
            }
            throw new UncheckedIOException("cannot start a child JVM (" + command.getFirst() + "): " + e.getMessage(), e);
        }
        ChildJvm child = new ChildJvm(process, token, mode != Mode.TRAINING, mode == Mode.SPARE);
        if (pipes == null) {
            pending.put(token, child);
            process.onExit().thenRun(() -> pending.remove(token));
            if (mode == Mode.CONNECTING || mode == Mode.SPARE) {
                listen();
            }
        }
        child.settingsGeneration(settingsGeneration.get()); // read before the settings the line carries
        String bootstrap = String.join("\t", socketPath.toString(), HexFormat.of().formatHex(authkey), token,
                String.join(",", SerialAllowList.patterns()), mode.word,
                mode == Mode.TRAINING ? String.join(",", classHints) : "",
                SerialAllowList.isStrict() ? "strict" : "trusting", Long.toString(ProcessHandle.current().pid()),
                pipes == null ? "" : pipes.base()) + "\n";
        try {
            child.stdin().write(bootstrap.getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();
        } catch (IOException e) {
            // the child is gone already (a JVM option it refused): its exit fails its start, quoting its stderr
            log.debug("child JVM {} exited before it got its bootstrap line: {}", process.pid(), e.getMessage());
            process.destroyForcibly();
        }
        if (pipes != null) {
            child.pipes(pipes);
            pipes.connectInBackground(child);
        }
        if (mode != Mode.TRAINING) {
            trainAotCacheSoon();
        }
        return child;
    }

    /** Classes of the tasks sent so far (bounded), which the {@link AotCache} training loads too. */
    private final java.util.Set<String> classHints = ConcurrentHashMap.newKeySet();
    private static final int MAX_CLASS_HINTS = 64;

    /**
     * Notes classes a task sent to a child is made of (its lambda's capturing class, its own
     * class): a training child that starts later loads them (without initialising them), so that
     * the AOT cache holds them and a child finds them without searching the class path's jars.
     */
    public void hintClasses(java.util.Collection<String> classNames) {
        for (String name : classNames) {
            if (classHints.size() >= MAX_CLASS_HINTS) {
                break;
            }
            if (name.indexOf(',') < 0 && name.indexOf('\t') < 0 && name.indexOf('\n') < 0 && !name.startsWith("[")) {
                classHints.add(name);
            }
        }
        if (trainingWanted && !trainingLaunched && !classHints.isEmpty()) {
            trainAotCache(); // the first task is known: its classes go into the cache
        }
    }

    /** Set by the first child started; the training then waits for the first task's classes, at most {@link #TRAINING_WAIT_MILLIS}. */
    private volatile boolean trainingWanted;
    private volatile boolean trainingLaunched;
    private static final long TRAINING_WAIT_MILLIS = 250;

    /**
     * Asks for the {@link AotCache} training child with the first child: at once when the classes
     * of a task are known (a {@code Process} names them before it starts), else when the first
     * task's are ({@link #hintClasses}, a pool's first call), and at the latest after
     * {@link #TRAINING_WAIT_MILLIS}: a pool is created before its first call, and a cache without
     * the task's classes leaves every later worker of this class path to load them from its jar
     * (~8 ms for a class in a jar after mp4j's).
     */
    private void trainAotCacheSoon() {
        if (trainingWanted || aotCache.isEmpty() || aotCache.get().isReady()) {
            return;
        }
        trainingWanted = true;
        if (!classHints.isEmpty()) {
            trainAotCache();
        } else {
            timer.schedule(this::trainAotCache, TRAINING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts the training child, once (at a lower priority, so the children the user asked for get
     * the CPU first).
     */
    private void trainAotCache() {
        trainingLaunched = true;
        AotCache cache = aotCache.orElse(null);
        if (cache == null || !cache.startTraining()) {
            return;
        }
        timer.schedule(() -> {
            Path output = cache.trainingOutput();
            ChildJvm trainer = null;
            try {
                trainer = launch(cache.trainingCommand(JvmCommand.build(AotCache.trainingOptions(output), List.of(),
                                defaultSpec.classPath()), output),
                        Mode.TRAINING);
                ChildJvm started = trainer;
                started.process().onExit().thenRun(() -> log.debug("AOT training ended with status {}; cache {} {}",
                        started.process().exitValue(), cache.file(), cache.isReady() ? "written" : "not written"));
                java.util.Set<String> written = new java.util.HashSet<>();
                Runnable target = Warmup.trainingTarget();
                byte[] call = LambdaCall.encodeIfQualifies(target, written);
                byte[] task = call != null ? null : dev.mp4j.internal.codec.Codec.encodeTrusted(target, written);
                trainer.sendRole(FrameTypes.RUN_PROCESS, new RunRequest("mp4j-aot-training", "0", true,
                        ProcessHandle.current().pid(), "MainProcess", List.copyOf(written), task, call).encode());
            } catch (IOException | RuntimeException e) {
                log.debug("could not start the AOT training child: {}", e.getMessage());
                if (trainer != null) {
                    trainer.kill();
                }
                cache.releaseClaim();
            }
        }, 0, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        ServerSocketChannel server = this.server;
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                HandshakeGate.Ticket ticket = handshakes.admit(socket); // a Unix socket: no per-source cap
                Thread.ofVirtual().name("mp4j-engine-handshake").start(() -> {
                    try (ticket) {
                        admit(socket);
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("accepting a child connection failed: {}", e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // out of descriptors: do not spin
                }
            }
        }
    }

    private void admit(SocketChannel socket) {
        FrameChannel channel = new FrameChannel(socket);
        var watchdog = timer.schedule(channel::close, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            Handshake.serve(channel, authkey);
            FrameChannel.Frame hello = channel.receive();
            watchdog.cancel(false);
            if (hello.type() != FrameTypes.HELLO) {
                throw new IOException("expected HELLO, got frame type " + hello.type());
            }
            BytesInput in = new BytesInput(hello.payload(), 0, hello.payload().length);
            String token = in.readString();
            ChildJvm child = pending.remove(token);
            if (child == null) {
                throw new IOException("unknown spawn token");
            }
            child.connected(channel);
        } catch (AuthenticationException e) {
            if (isHangUp(e)) {
                log.debug("a child hung up during the authkey challenge (killed while starting?): {}", e.getMessage());
            } else {
                log.warn("refused a connection on the control socket: {}", e.getMessage());
            }
            channel.close();
        } catch (IOException | RuntimeException e) {
            if (isHangUp(e)) {
                log.debug("a child hung up before saying HELLO (killed while starting?): {}", e.getMessage());
            } else {
                log.warn("dropped a control connection: {}", e.getMessage());
            }
            channel.close();
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * A connection that ended without a wrong answer: the peer closed or reset it, as a child
     * killed while it starts does (a pool closing before its workers connected). Logged at debug;
     * a wrong digest or a malformed frame is still a warning.
     */
    private static boolean isHangUp(Exception e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof java.io.EOFException || message.contains("closed the connection")
                || message.contains("closed by peer") || message.contains("Connection reset")
                || message.contains("Broken pipe");
    }

    /** The path of the control socket (for tests that play a hostile peer). */
    public Path socketPath() {
        listen();
        try {
            bound.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return socketPath;
    }

    /** The command line that starts a child JVM: same JDK, same class and module path. */
    static final class JvmCommand {
        private JvmCommand() {
        }

        /**
         * JVM options every child gets, spares included: {@code -Dmp4j.childJvmOptions="-Xmx512m ..."}
         * (separated by spaces). Unlike a pool's or process's own {@code jvmOptions}, they do not
         * keep children from starting from a spare.
         */
        static final List<String> DEFAULT_CHILD_OPTIONS = parseOptions(System.getProperty("mp4j.childJvmOptions", ""));

        private static List<String> parseOptions(String text) {
            List<String> options = new ArrayList<>();
            for (String option : text.trim().split("\\s+")) {
                if (option.isEmpty()) {
                    continue;
                }
                if (!option.startsWith("-")) {
                    throw new IllegalArgumentException("-Dmp4j.childJvmOptions: JVM option '" + option + "' must start with '-'");
                }
                options.add(option);
            }
            return List.copyOf(options);
        }

        static List<String> build(List<String> cacheOptions, List<String> extraOptions, String classPath) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1".equals(System.getProperty("mp4j.childTiered")) ? "-XX:TieredStopAtLevel=1" : "-XX:+TieredCompilation");
            command.add("-Xss1m");
            command.add("-XX:+IgnoreUnrecognizedVMOptions");
            command.add("-XX:+DisplayVMOutputToStderr"); // VM errors (a refused -Xmx) then reach the stderr pump
            command.addAll(cacheOptions);
            boolean named = ProcessEngine.class.getModule().isNamed();
            command.add("--enable-native-access=" + (named ? "dev.mp4j" : "ALL-UNNAMED"));
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("mp4j.") && !key.equals("mp4j.child") && !key.equals("mp4j.childClassPath")
                        && !key.equals("mp4j.childJvmOptions")) {
                    command.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            command.addAll(LauncherOptions.moduleOptions());
            command.addAll(DEFAULT_CHILD_OPTIONS);
            command.addAll(extraOptions);
            command.addAll(selectorProviderOption());
            if (!classPath.isEmpty()) {
                command.addAll(ClassPathArgument.of(classPath));
            }
            String modulePath = System.getProperty("jdk.module.path");
            if (named && modulePath != null) {
                command.add("--module-path");
                command.add(modulePath);
                command.add("--add-modules");
                command.add("ALL-MODULE-PATH");
                command.add("-m");
                command.add("dev.mp4j/" + WorkerMain.class.getName());
            } else {
                command.add(WorkerMain.class.getName());
            }
            return command;
        }

        /**
         * Names this JVM's built-in {@link SelectorProvider} to the child. Without the property the
         * first socket a child opens asks the {@link java.util.ServiceLoader} for a provider, which
         * opens every jar of the class path (a pool worker of the lab, 46 jars, spent ~85 ms of its
         * start there). A provider that is not the JDK's own (a user's service) is left to the
         * child's look-up, which finds the same one.
         */
        static List<String> selectorProviderOption() {
            String property = "java.nio.channels.spi.SelectorProvider";
            Class<?> provider = SelectorProvider.provider().getClass();
            if (System.getProperty(property) != null || provider.getModule() != Object.class.getModule()) {
                return List.of();
            }
            return List.of("-D" + property + "=" + provider.getName());
        }

        /**
         * The class path with the entry this JVM loaded mp4j from moved to the front: a child then
         * finds its own classes without opening every jar before it (each costs a child about 2 ms
         * of start-up). The order of the other entries, which decides which of two copies of a user
         * class wins, is kept.
         */
        static String mp4jFirst(String classPath) {
            try {
                Path own = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                List<String> entries = new ArrayList<>(List.of(classPath.split(File.pathSeparator, -1)));
                for (int i = 1; i < entries.size(); i++) {
                    String entry = entries.get(i);
                    if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(own)) {
                        entries.remove(i);
                        entries.addFirst(entry);
                        return String.join(File.pathSeparator, entries);
                    }
                }
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // no code source, or an entry that is not a path: keep the class path as it is
            }
            return classPath;
        }
    }
}
