package dev.mp4j.internal.pool;

import dev.mp4j.Engine;
import dev.mp4j.ProcessStartException;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.jfr.ChildRecordings;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.internal.observe.FailureLog;
import dev.mp4j.internal.observe.ObservedPool;
import dev.mp4j.internal.observe.PoolRegistry;
import dev.mp4j.internal.observe.StatusServer;
import dev.mp4j.internal.process.ProcessEngine;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.WorkerStats;
import dev.mp4j.pool.BrokenPoolException;
import dev.mp4j.pool.WorkerDiedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine-independent heart of a pool: one FIFO queue of jobs that every worker pulls from, the
 * worker set, and the lifecycle RUNNING → CLOSED (no new jobs; workers finish the queue and exit)
 * or → TERMINATED (queued and held jobs are cancelled, workers are killed).
 *
 * <p>Invariants: a job is in the queue, or held by exactly one worker, or done. A worker that dies
 * hands its held jobs back: the one it was running fails, the others go back to the front of the
 * queue in their order, so nothing is lost or run twice. While the pool is not terminated, every
 * worker that ends is replaced as long as there is work or the pool is running.
 *
 * <p>Dispatch: a submitting thread first offers the queue's head to an idle JVM worker, which
 * sends it at once (one thread hand-off less per task); otherwise it wakes a waiting worker through
 * {@link #awaitWork}. Every addition to the queue is followed by {@link #signalWork}, so no worker
 * sleeps on a non-empty queue for longer than its poll interval.
 *
 * <p>Cancellation: workers take a job only through {@link Job#tryStart()}, so a job whose call
 * was cancelled while queued never runs; {@link #cancelQueued()} removes such jobs at once.
 *
 * <p>Broken-pool mode ({@code breakOnWorkerDeath}, CPython's ProcessPoolExecutor semantics): the
 * first worker that dies abruptly while holding jobs breaks the pool ({@link #breakOnDeath}):
 * state TERMINATED, every queued and held job fails with the {@link BrokenPoolException}, the other
 * workers are killed, later submissions are refused with it.
 *
 * <p>Thread-safe; lifecycle changes happen under {@code lock}.
 */
public final class PoolCore implements PoolBackend, ObservedPool {
    enum State { RUNNING, CLOSED, TERMINATED }

    private static final int MAX_INIT_FAILURES = 3;
    /** Worker JVMs in a row that exit before connecting, after which the pool is broken. */
    public static final int MAX_START_FAILURES = 3;

    final Engine engine;
    final int size;
    final FunctionRef initializer;
    final int maxTasksPerChild;
    final List<String> jvmOptions;
    /** The class path worker JVMs get instead of the discovered one, or null. */
    final String childClassPath;
    /** How worker JVMs start; set by {@link #start()} on {@link Engine#PROCESSES}. */
    volatile ProcessEngine.LaunchSpec launchSpec;
    /** Classes already found on the workers' class path (a capturing lambda per apply is checked once). */
    private final Set<String> coveredClasses = ConcurrentHashMap.newKeySet();
    /** How many functions each worker JVM keeps (see {@link FunctionTable}). */
    final int functionCapacity = FunctionTable.configuredCapacity();
    final String namePrefix;
    final boolean breakOnWorkerDeath;
    final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    final ScheduledExecutorService timer;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicLong jobIds = new AtomicLong();
    private final AtomicInteger functionIds = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allExited = lock.newCondition();
    private final ReentrantLock workLock = new ReentrantLock();
    private final Condition workQueued = workLock.newCondition();
    private final AtomicInteger workWaiters = new AtomicInteger();
    private volatile State state = State.RUNNING;
    /** Set when workers cannot start or the initializer keeps failing (see {@link #breakPool}). */
    private volatile BrokenPoolException brokenBy;
    /** Set in the opt-in broken-pool mode when a worker died abruptly (see {@link #breakOnDeath}). */
    private volatile BrokenPoolException broken;
    private int initFailures;
    private int startFailures;
    /**
     * Worker JVMs started but not yet connected (or failed): at most {@link #maxConcurrentStarts}
     * at once (half the cores: a JVM start keeps about two busy, with its JIT and GC threads), so
     * that on a machine with few cores the first workers come up (and take the queue) at the speed
     * of one JVM start instead of n of them sharing the cores. Guarded by {@code lock}.
     */
    private final Set<Worker> starting = new java.util.HashSet<>();
    /** Workers still to start (the pool's size not yet reached, or replacements); guarded by {@code lock}. */
    private int startsWanted;
    private final int maxConcurrentStarts;
    /** The last task failures, for {@link #stats()}. */
    final FailureLog failures = new FailureLog();
    /** Tasks failed outside a worker's result (lost with their worker, timed out), timeouts, replaced workers. */
    private final java.util.concurrent.atomic.LongAdder lostTasks = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder timeouts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder restarts = new java.util.concurrent.atomic.LongAdder();
    /** The counts of workers that have exited; guarded by {@code lock}. */
    private long retiredCompleted;
    private long retiredFailed;
    private long retiredRunNanos;
    /** The pool's life as a JFR event (null when off), and whether its end was recorded; guarded by {@code lock}. */
    private Object lifeEvent;
    private boolean ended;
    /** Tells this pool's worker JVMs when this JVM's recordings change (see {@link ChildRecordings}). */
    private final Runnable recordingListener = () -> {
        for (Worker worker : workers) {
            if (worker instanceof JvmWorker jvmWorker) {
                jvmWorker.recordingChanged();
            }
        }
    };
    /** The exits of dismissed workers' JVMs, until they have happened and are recorded (see {@link #awaitProcessesExited}). */
    private final Set<java.util.concurrent.CompletableFuture<?>> exiting = ConcurrentHashMap.newKeySet();

    public PoolCore(Engine engine, int size, Object initializer, int maxTasksPerChild, List<String> jvmOptions, String namePrefix,
                    boolean breakOnWorkerDeath) {
        this(engine, size, initializer, maxTasksPerChild, jvmOptions, null, namePrefix, breakOnWorkerDeath);
    }

    public PoolCore(Engine engine, int size, Object initializer, int maxTasksPerChild, List<String> jvmOptions,
                    String childClassPath, String namePrefix, boolean breakOnWorkerDeath) {
        this.engine = engine;
        this.breakOnWorkerDeath = breakOnWorkerDeath;
        this.size = size;
        this.initializer = initializer == null ? null : new FunctionRef(-1, initializer);
        this.maxTasksPerChild = maxTasksPerChild;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.childClassPath = childClassPath;
        this.namePrefix = namePrefix;
        this.maxConcurrentStarts = engine.isInThisJvm() ? Integer.MAX_VALUE
                : Math.max(1, Integer.getInteger("mp4j.concurrentWorkerStarts", Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(namePrefix + "-timer").factory());
        if (this.initializer != null && !engine.isInThisJvm()) {
            try {
                this.initializer.encoded();
            } catch (RuntimeException e) {
                timer.shutdownNow();
                throw e instanceof SerializationException s ? SerializationException.in("cannot send the pool's initializer", s)
                        : new IllegalArgumentException("pool initializer is " + e.getMessage(), e);
            }
        }
    }

    public void start() {
        Events.poolCreated(namePrefix, engine.name(), size);
        lifeEvent = Events.poolLifeBegins();
        PoolRegistry.add(this);
        if (!engine.isInThisJvm()) {
            ProcessEngine processes = ProcessEngine.get();
            launchSpec = processes.spec(jvmOptions, childClassPath);
            if (initializer != null) {
                launchSpec = covered(initializer, "the pool's initializer");
            }
        }
        lock.lock();
        try {
            startsWanted = size;
            startMore();
        } finally {
            lock.unlock();
        }
        if (!engine.isInThisJvm()) {
            observeWorkers();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean observing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Lets the worker JVMs follow this JVM's recordings, and {@code mp4j top} see the pool. The first
     * time, on a thread of its own (it loads classes and binds a socket: milliseconds that the
     * workers' start, already under way, hides), so creating a pool waits for neither.
     */
    private void observeWorkers() {
        if (observing.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("mp4j-observe-start").start(() -> {
                ChildRecordings.follow(recordingListener);
                StatusServer.ensureStarted();
            });
        } else {
            ChildRecordings.follow(recordingListener);
        }
    }

    /** With the lock held: starts wanted workers while fewer than {@link #maxConcurrentStarts} are starting. */
    private void startMore() {
        while (startsWanted > 0 && starting.size() < maxConcurrentStarts && brokenBy == null
                && state != State.TERMINATED && (state == State.RUNNING || hasQueuedWork())) {
            startsWanted--;
            spawnWorker();
        }
    }

    /** With the lock held. */
    private void spawnWorker() {
        String name = namePrefix + "-worker-" + workerNumbers.incrementAndGet();
        Worker worker = engine.isInThisJvm() ? new ThreadWorker(this, name) : new JvmWorker(this, name);
        workers.add(worker);
        if (!engine.isInThisJvm()) {
            starting.add(worker);
        }
        worker.start();
    }

    /** A worker is no longer starting (it connected, failed, or was abandoned): the next may start. */
    void startFinished(Worker worker) {
        lock.lock();
        try {
            if (starting.remove(worker)) {
                startMore();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Remembers the JVM of a dismissed worker until it has exited, for {@link #awaitProcessesExited}. */
    void exiting(java.util.concurrent.CompletableFuture<?> gone) {
        exiting.add(gone);
        gone.whenComplete((ignored, failure) -> exiting.remove(gone));
    }

    /**
     * Waits until the JVMs of every worker that has ended have exited and their exits are recorded
     * (Python's {@code join()} waits for the worker processes; {@link #awaitTermination} waits for the
     * work and for every worker to be dismissed, while their JVMs finish exiting on their own).
     */
    public boolean awaitProcessesExited(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (java.util.concurrent.CompletableFuture<?> gone : List.copyOf(exiting)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                gone.get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // the exit was seen; only recording it failed
            }
        }
        return true;
    }

    FunctionRef function(Object function) {
        FunctionRef ref = new FunctionRef(functionIds.incrementAndGet(), function);
        if (!engine.isInThisJvm()) {
            try {
                ref.encodeEagerly();
            } catch (RuntimeException e) {
                throw e instanceof SerializationException s ? SerializationException.in("cannot send the task to a worker process", s)
                        : new IllegalArgumentException("cannot send the task to a worker process: it is " + e.getMessage(), e);
            }
            covered(ref, "the task " + function.getClass().getName());
        }
        return ref;
    }

    /**
     * Checks that the workers' class path holds every class {@code ref} is made of (classes defined
     * in memory are written where workers find them), and returns the launch spec.
     *
     * @throws IllegalArgumentException when a class is not on the workers' class path, naming the
     *         entries the pool lacks and the remedy
     */
    private ProcessEngine.LaunchSpec covered(FunctionRef ref, String what) {
        ProcessEngine.LaunchSpec spec = launchSpec;
        List<String> names = new ArrayList<>();
        java.util.Set<String> all = new java.util.LinkedHashSet<>(ref.wire().classes());
        all.addAll(dev.mp4j.internal.process.LambdaCall.definingClasses(ref.function));
        for (String name : all) {
            if (!coveredClasses.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return spec;
        }
        ProcessEngine.LaunchSpec needed = ProcessEngine.get().cover(spec, names, ref.function.getClass().getClassLoader(), what);
        if (!needed.equals(spec)) {
            String missing = needed.classPath().substring(spec.classPath().length() + 1);
            throw new IllegalArgumentException("cannot send " + what + " to this pool's worker JVMs: its classes come from "
                    + missing + ", which is not on the workers' class path; create the pool with"
                    + " Pool.builder().childClassPath(...) naming every jar and folder the tasks need"
                    + " (or set -Dmp4j.childClassPath)");
        }
        coveredClasses.addAll(names);
        ProcessEngine.get().hintClasses(names); // for the AOT cache: later workers find them without searching jars
        return spec;
    }

    /**
     * The handle of {@code function}: a non-capturing lambda is a singleton, so calling
     * {@code apply} with the same one again reuses its id and workers decode it only once.
     */
    public FunctionRefHandle newFunction(Object function) {
        FunctionRef cached;
        synchronized (recentFunctions) {
            cached = recentFunctions.get(function);
        }
        if (cached != null) {
            return new FunctionRefHandle(cached);
        }
        FunctionRef ref = function(function);
        if (isStateless(function)) {
            synchronized (recentFunctions) {
                recentFunctions.put(function, ref);
            }
        }
        return new FunctionRefHandle(ref);
    }

    private static boolean isStateless(Object function) {
        for (Class<?> c = function.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Identity-keyed, bounded: only stateless functions, which behave the same every time. */
    private final java.util.Map<Object, FunctionRef> recentFunctions = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Object, FunctionRef> eldest) {
            return size() > 256;
        }
    };

    /** Opaque handle so the public Pool class can name a function without seeing internals. */
    public record FunctionRefHandle(FunctionRef ref) {
        /** A handle for a backend outside this package (it keeps no per-pool function cache). */
        public static FunctionRefHandle of(Object function) {
            return new FunctionRefHandle(new FunctionRef(0, function));
        }

        public Object function() {
            return ref.function;
        }

        /** The function's encoding (computed once); throws SerializationException when it cannot be encoded. */
        public byte[] encoded() {
            return ref.encoded();
        }

        /** The classes written by {@link #encoded()}, which a trusting worker allow-lists. */
        public List<String> classes() {
            return ref.classes();
        }
    }

    public void submit(FunctionRefHandle function, TaskKind kind, List<?> items, Duration timeout, CallTicket call,
                       java.util.function.BiConsumer<List<Object>, Throwable> completion) {
        checkAccepting();
        Job job = new Job(jobIds.incrementAndGet(), function.ref(), kind, items, timeout, call, completion);
        if (Events.tracingTasks()) {
            job.submittedNanos = System.nanoTime();
            Events.taskSubmitted(namePrefix, job.id, kind.name(), job.size());
        }
        queue.add(job);
        if (!engine.isInThisJvm() && queue.size() == 1) { // a burst is left to the feeders, which batch it
            for (Worker worker : workers) {
                if (queue.isEmpty()) {
                    return;
                }
                worker.dispatchIfIdle();
            }
        }
        signalWork(false);
    }

    /** Returns once the queue is not empty, or after {@code millis}. */
    void awaitWork(long millis) throws InterruptedException {
        if (!queue.isEmpty()) {
            return;
        }
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        workLock.lock();
        workWaiters.incrementAndGet();
        try {
            while (queue.isEmpty() && nanos > 0) {
                nanos = workQueued.awaitNanos(nanos);
            }
        } finally {
            workWaiters.decrementAndGet();
            workLock.unlock();
        }
    }

    /** Wakes one worker waiting in {@link #awaitWork} (all of them when {@code all}), if any waits. */
    void signalWork(boolean all) {
        if (workWaiters.get() == 0 || queue.isEmpty()) {
            return;
        }
        workLock.lock();
        try {
            if (all) {
                workQueued.signalAll();
            } else {
                workQueued.signal();
            }
        } finally {
            workLock.unlock();
        }
    }

    @Override
    public int cancelQueued() {
        List<Job> cancelled = new ArrayList<>();
        queue.removeIf(job -> {
            if (!isWakeUp(job) && !job.isDone() && job.call.cancel()) {
                cancelled.add(job);
                return true;
            }
            return false;
        });
        for (Job job : cancelled) {
            job.fail(new CancellationException("the pool was shut down with cancelFutures before this task started"));
        }
        return cancelled.size();
    }

    private void checkAccepting() {
        BrokenPoolException brokenPool = this.broken;
        if (brokenPool != null) {
            throw new BrokenPoolException(brokenPool.getMessage(), brokenPool.getCause());
        }
        BrokenPoolException broken = brokenBy;
        if (broken != null) {
            throw new BrokenPoolException(broken.getMessage(), broken.getCause());
        }
        if (state != State.RUNNING) {
            throw new RejectedExecutionException("pool is " + (state == State.CLOSED ? "closed" : "terminated")
                    + ": it accepts no new tasks");
        }
    }

    /** True when a worker with nothing in hand should exit. */
    boolean workersShouldExit() {
        return state != State.RUNNING && !hasQueuedWork();
    }

    /**
     * True when the queue holds a job to run. After close, only {@link #WAKE_UP} jobs are added, at
     * the tail, and requeued jobs go to the front: a wake-up at the head means nothing is left.
     */
    private boolean hasQueuedWork() {
        Job head = queue.peekFirst();
        return head != null && head != WAKE_UP;
    }

    /** True when {@code job} only wakes a waiting worker (see {@link Job#wakeUp()}). */
    static boolean isWakeUp(Job job) {
        return job == WAKE_UP;
    }

    boolean isTerminated() {
        return state == State.TERMINATED;
    }

    void requeueFront(List<Job> jobs) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            Job job = jobs.get(i);
            if (broken != null) {
                job.fail(broken);
            } else if (state == State.TERMINATED) {
                job.fail(new CancellationException("pool was terminated"));
            } else if (brokenBy != null) {
                job.fail(brokenBy);
            } else if (!job.isDone()) {
                queue.addFirst(job);
            }
        }
        signalWork(true);
    }

    /** The exception of a broken pool (see {@link #breakOnDeath}), or null. */
    BrokenPoolException broken() {
        return broken;
    }

    /**
     * A worker died abruptly while holding jobs (not killed by this pool for a timeout or by
     * {@link #terminate()}). In broken-pool mode this breaks the pool: the queued jobs fail with the
     * returned exception, every other worker is killed (their held jobs fail with it as they are
     * handed back), and later submissions are refused with it. Returns null when the pool is not in
     * that mode, or was terminated first: then only the dead worker's jobs fail, as usual.
     */
    BrokenPoolException breakOnDeath(Worker dead, WorkerDiedException death) {
        if (!breakOnWorkerDeath) {
            return null;
        }
        BrokenPoolException exception;
        List<Job> failed = new ArrayList<>();
        List<Worker> toKill;
        lock.lock();
        try {
            if (broken != null) {
                return broken;
            }
            if (state == State.TERMINATED) {
                return null;
            }
            exception = new BrokenPoolException("a worker process of the pool (pid " + death.pid() + ") died abruptly with exit code "
                    + death.exitCode() + ": the pool is broken and runs no more tasks (broken-pool mode, Pool.Builder.breakOnWorkerDeath)",
                    death);
            broken = exception;
            state = State.TERMINATED;
            queue.drainTo(failed);
            failed.removeIf(PoolCore::isWakeUp);
            toKill = new ArrayList<>(workers);
            toKill.remove(dead);
        } finally {
            lock.unlock();
        }
        for (Job job : failed) {
            job.fail(exception);
        }
        for (Worker worker : toKill) {
            worker.kill();
        }
        return exception;
    }

    void initSucceeded() {
        lock.lock();
        try {
            initFailures = 0;
        } finally {
            lock.unlock();
        }
    }

    void initFailed(Throwable cause) {
        lock.lock();
        try {
            if (++initFailures >= MAX_INIT_FAILURES && brokenBy == null) {
                breakPool(new BrokenPoolException("pool is broken: its initializer failed " + MAX_INIT_FAILURES
                        + " times in a row (" + cause + ")", cause));
            }
        } finally {
            lock.unlock();
        }
    }

    /** A worker JVM connected: start failures are no longer "in a row". */
    void workerStarted(Worker worker) {
        boolean allUp;
        lock.lock();
        try {
            startFailures = 0;
            if (starting.remove(worker)) {
                startMore();
            }
            allUp = !demandReported && starting.isEmpty() && startsWanted == 0;
            if (allUp) {
                demandReported = true;
            }
        } finally {
            lock.unlock();
        }
        if (allUp && launchSpec.equals(ProcessEngine.get().defaultSpec())) {
            // every worker is up: now spares for the next pool may take the CPU
            ProcessEngine.get().demand(size);
        }
    }

    /** Set once this pool's workers are all up and the engine was told how many it used. */
    private boolean demandReported;

    /**
     * A worker JVM exited before connecting (or did not connect in time). After
     * {@link #MAX_START_FAILURES} in a row the pool is broken: nothing restarts without limit.
     */
    void workerStartFailed(Worker worker, ProcessStartException cause) {
        lock.lock();
        try {
            starting.remove(worker);
            if (++startFailures >= MAX_START_FAILURES && brokenBy == null && state != State.TERMINATED) {
                breakPool(new BrokenPoolException("pool is broken: " + MAX_START_FAILURES
                        + " worker JVMs in a row could not start. The last one: " + cause.getMessage(), cause));
            }
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: fails every queued job and refuses new ones; workers still starting are stopped. */
    private void breakPool(BrokenPoolException broken) {
        brokenBy = broken;
        Job job;
        while ((job = queue.poll()) != null) {
            if (!isWakeUp(job)) {
                job.fail(broken);
            }
        }
        startsWanted = 0;
        workers.forEach(Worker::abandonIfNotStarted);
    }

    /** Why the pool is broken, or null. */
    public BrokenPoolException brokenBy() {
        return brokenBy;
    }

    /** A worker ended (died, retired or exited at close). Replaces it when there is reason to. */
    void workerExited(Worker worker) {
        lock.lock();
        try {
            if (!workers.remove(worker)) {
                return;
            }
            WorkerStats last = worker.stats(System.nanoTime());
            retiredCompleted += last.completed();
            retiredFailed += last.failed();
            retiredRunNanos += worker.runNanos();
            starting.remove(worker);
            boolean replace = state != State.TERMINATED && brokenBy == null
                    && (state == State.RUNNING || hasQueuedWork());
            if (replace) {
                startsWanted++;
            } else if (state != State.RUNNING) {
                startsWanted = 0;
            }
            startMore();
            if (workers.isEmpty()) {
                timer.shutdownNow();
                allExited.signalAll();
                recordEndIfOver();
            }
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: once the pool is shut down and every worker is gone, records its end (once). */
    private void recordEndIfOver() {
        if (ended || state == State.RUNNING && brokenBy == null) {
            return;
        }
        ended = true;
        PoolRegistry.remove(this);
        ChildRecordings.unfollow(recordingListener);
        Events.poolClosed(lifeEvent, namePrefix, engine.name(), retiredCompleted, retiredFailed + lostTasks.sum(),
                workerNumbers.get());
    }

    /** {@code job}, run by {@code workerPid}, was failed by its timeout. */
    void taskTimedOut(Job job, long workerPid) {
        timeouts.increment();
        taskLost(job, workerPid, new dev.mp4j.pool.TaskTimeoutException(job.timeout, "worker pid " + workerPid), "timeout");
    }

    /** {@code job} failed without a result from its worker (the worker died, or its timeout struck). */
    void taskLost(Job job, long workerPid, Throwable failure, String outcome) {
        lostTasks.increment();
        failures.record(failure, workerPid, dev.mp4j.internal.observe.Hosts.local());
        if (job.event != null || Events.tracingTasks()) {
            Events.taskFinished(job.event, namePrefix, job.id, workerPid, job.submittedNanos, job.startedNanos, System.nanoTime(),
                    outcome, job.size(), failure);
        }
    }

    /** A worker died or was killed while the pool ran (it is replaced). */
    void workerRestarted() {
        restarts.increment();
    }

    @Override
    public PoolStats stats() {
        long now = System.nanoTime();
        List<WorkerStats> current = new ArrayList<>();
        long completed;
        long failed;
        long runNanos;
        long queued = queue.size();
        PoolStats.State shown;
        lock.lock();
        try {
            completed = retiredCompleted;
            failed = retiredFailed;
            runNanos = retiredRunNanos;
            for (Worker worker : workers) {
                WorkerStats stats = worker.stats(now);
                current.add(stats);
                completed += stats.completed();
                failed += stats.failed();
                runNanos += worker.runNanos();
                if (worker instanceof JvmWorker jvmWorker) {
                    queued += jvmWorker.waitingInWorker();
                }
            }
            shown = state == State.RUNNING && brokenBy == null && broken == null ? PoolStats.State.RUNNING
                    : state == State.CLOSED && !workers.isEmpty() ? PoolStats.State.CLOSED : PoolStats.State.TERMINATED;
        } finally {
            lock.unlock();
        }
        if (state != State.RUNNING) {
            for (Job job : queue) {
                if (isWakeUp(job)) {
                    queued--;
                }
            }
        }
        int active = 0;
        for (WorkerStats worker : current) {
            if (worker.state() == WorkerStats.State.BUSY) {
                active++;
            }
        }
        current.sort(java.util.Comparator.comparing(WorkerStats::name));
        return new PoolStats(namePrefix, engine, size, shown, dev.mp4j.internal.runtime.Pids.self(), jobIds.get(), Math.max(0, queued),
                active, completed, failed + lostTasks.sum(), timeouts.sum(), workerNumbers.get(), restarts.sum(),
                Duration.ofNanos(runNanos), current, failures.recent(), java.time.Instant.now());
    }

    /** A thread worker gave up on a stuck task: count it as exited and start a replacement. */
    void workerAbandoned(Worker worker) {
        restarts.increment();
        workerExited(worker);
    }

    public void close() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSED;
                for (int i = 0; i < workers.size(); i++) {
                    queue.addLast(WAKE_UP);
                }
                signalWork(true);
                if (!hasQueuedWork()) {
                    startsWanted = 0;
                    workers.forEach(Worker::abandonIfNotStarted);
                }
            }
            if (workers.isEmpty()) {
                timer.shutdownNow();
                allExited.signalAll();
                recordEndIfOver();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Cancels queued jobs, kills every worker. Returns the number of queued jobs cancelled. */
    public int terminate() {
        List<Worker> toKill;
        List<Job> cancelled = new ArrayList<>();
        lock.lock();
        try {
            state = State.TERMINATED;
            startsWanted = 0;
            queue.drainTo(cancelled);
            cancelled.removeIf(PoolCore::isWakeUp);
            toKill = new ArrayList<>(workers);
        } finally {
            lock.unlock();
        }
        for (Job job : cancelled) {
            job.fail(new CancellationException("pool was terminated before this task started"));
        }
        for (Worker worker : toKill) {
            worker.kill();
        }
        lock.lock();
        try {
            if (workers.isEmpty()) {
                timer.shutdownNow();
                allExited.signalAll();
                recordEndIfOver();
            }
        } finally {
            lock.unlock();
        }
        return cancelled.size();
    }

    public boolean isShutdown() {
        return state != State.RUNNING;
    }

    public boolean awaitTermination(long nanos) throws InterruptedException {
        lock.lock();
        try {
            while (!workers.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = allExited.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isTerminatedFully() {
        return state != State.RUNNING && workers.isEmpty();
    }

    public void checkJoinable() {
        if (state == State.RUNNING) {
            throw new IllegalStateException("pool is still running: call close() (shutdown) or terminate() before join()");
        }
    }

    /** The pids of the current workers (for tests and diagnostics). */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Worker worker : workers) {
            long pid = worker.pid();
            if (pid > 0) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** Worker JVMs started and not yet connected (for tests of the start-up limit). */
    public int startingWorkerCount() {
        lock.lock();
        try {
            return starting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The start-up timelines of the current worker JVMs (for the lifecycle benchmark). */
    public List<dev.mp4j.internal.process.ChildJvm.Timeline> workerTimelines() {
        List<dev.mp4j.internal.process.ChildJvm.Timeline> timelines = new ArrayList<>();
        for (Worker worker : workers) {
            if (worker instanceof JvmWorker jvmWorker && jvmWorker.timeline() != null) {
                timelines.add(jvmWorker.timeline());
            }
        }
        return timelines;
    }

    public int workerCount() {
        return workers.size();
    }

    static long toMillis(Duration d) {
        return Math.max(1, d.toMillis());
    }

    /**
     * How long an idle worker's feeder waits for work before it looks at the pool's state again, in
     * ms. Nothing should wait for it to pass: a test raises it to show that (volatile for that).
     */
    static volatile long pollMillis = 100;
    /** The wake-up job {@link #close()} queues, one per worker. */
    static final Job WAKE_UP = Job.wakeUp();
    static final TimeUnit MS = TimeUnit.MILLISECONDS;
}
