package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.ProcessStartException;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.process.ChildJvm;
import dev.mp4j.internal.process.FrameTypes;
import dev.mp4j.internal.process.ProcessEngine;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.jfr.ChildRecordings;
import dev.mp4j.internal.jfr.Events;
import dev.mp4j.observe.WorkerStats;
import dev.mp4j.pool.BrokenPoolException;
import dev.mp4j.pool.TaskTimeoutException;
import dev.mp4j.pool.WorkerDiedException;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool worker that is a child JVM.
 *
 * <p>A feeder thread moves jobs from the pool queue to the worker, keeping at most {@code window}
 * of them in flight and coalescing them into one write; a reader thread takes the results. The
 * worker runs its jobs in order, so the oldest job in flight is the one running ("the head"): its
 * per-task timeout counts from when the job before it finished. The window adapts to the job
 * duration: jobs of a few ms get a window of 2 (one running, one ready), tiny ones up to 256 so that
 * throughput is not bound by round trips. A worker starts with a window of 1, and keeps it for jobs
 * over 20 ms: a job waiting inside a busy worker could not run on one that becomes idle.
 *
 * <p>When the worker dies, the head fails ({@link WorkerDiedException}, or
 * {@link TaskTimeoutException} when the pool killed it for overrunning) and the other jobs in
 * flight, which never started, go back to the front of the pool queue.
 *
 * <p>A submitting thread may also send (see {@link #dispatchIfIdle}): when nothing is in flight it
 * takes the queue's head and writes it itself, skipping the hand-off to the feeder. The feeder
 * checks the window again once it holds {@code sendLock}, so the two never overfill it: a job
 * must not wait inside a busy worker while another is idle.
 *
 * <p>Start: {@code startState} goes from STARTING to CONNECTED when the JVM has connected, or to
 * ABANDONED when the pool closes with nothing queued first ({@link #abandonIfNotStarted}); only
 * a CONNECTED worker takes jobs, so killing an abandoned one loses nothing. The role frame (the
 * initializer, the worker's name) is written once the JVM runs mp4j's code, not before: a worker
 * abandoned before that has a JVM that ran nothing, which goes to the engine's spares instead of
 * being killed (a short-lived pool's last worker, still booting when the pool closed, serves the
 * next pool). Exactly one of the feeder (writing the role) and the abandoning thread claims
 * {@code roleClaimed}; the winner owns the JVM's fate, and a JVM handed to the spares
 * ({@code handedToSpares}) is never killed or waited for by this worker.
 *
 * <p>Threading: {@code inFlight}, {@code head}, {@code headStartNanos} and {@code window} are
 * guarded by {@code lock}. Taking jobs from the pool queue and writing them happen together under
 * {@code sendLock} (held by the feeder or a submitting thread), so this worker receives jobs in
 * queue order; {@code sendLock} also guards {@code knownFunctions}, {@code sent}, {@code out} and
 * {@code batch}. Lock order: {@code sendLock}, then {@code lock}.
 */
final class JvmWorker implements Worker {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(JvmWorker.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(Integer.getInteger("mp4j.connectTimeoutSeconds", 60));
    private static final int MAX_WINDOW = 256;

    private final PoolCore core;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final BytesOutput out = new BytesOutput(64 * 1024);
    private final List<Job> batch = new ArrayList<>();
    private final Condition space = lock.newCondition();
    private final ArrayDeque<Job> inFlight = new ArrayDeque<>();
    /** The ids of the functions the worker holds, mirrored frame by frame (see {@link FunctionTable}). */
    private final FunctionTable<Boolean> knownFunctions;
    private volatile ChildJvm jvm;
    /** Why the engine could not start this worker's JVM at all (no {@code java} to run), or null. */
    private volatile RuntimeException acquireFailure;
    private volatile FrameChannel channel;
    private volatile boolean dead;
    private volatile boolean ready;
    private volatile Job timedOut;
    private Job head;
    private long headStartNanos;
    /** 1 until a job's duration is known: a job sent to a busy worker cannot go to one that becomes idle. */
    private int window = 1;
    private double averageJobNanos = -1;
    /** Tasks that returned a result / failed here, and their run time; guarded by {@code lock}. */
    private long completed;
    private long failed;
    private long runNanos;
    /** When the pool asked for this worker's JVM, and when the worker said it was ready (0 until then). */
    private volatile long acquiredNanos;
    private volatile long readyNanos;
    /** Set when the feeder closes the connection for a normal end (retirement or pool close). */
    private volatile boolean retiring;
    /** What this worker JVM was last told to record (see {@link ChildRecordings}); guarded by {@code sendLock}. */
    private dev.mp4j.internal.jfr.RecordingSpec recordingSent;
    private int sent;
    private volatile String initFailure;
    /** One word the worker sets to the id of each job it starts: after a kill, it names the job that was running. */
    private volatile SharedSegment progress;
    /** STARTING until the worker connects (CONNECTED) or the pool closes first (ABANDONED). */
    private final java.util.concurrent.atomic.AtomicInteger startState = new java.util.concurrent.atomic.AtomicInteger(STARTING);
    /** Claimed once, by the feeder before it writes the role frame or by an abandon before that. */
    private final java.util.concurrent.atomic.AtomicBoolean roleClaimed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Completed by {@link #abandonIfNotStarted}: a feeder waiting for the JVM to come up stops waiting. */
    private final java.util.concurrent.CompletableFuture<Void> abandonSignal = new java.util.concurrent.CompletableFuture<>();
    /** Set when the JVM went to the engine's spares: it is not this worker's to kill or wait for. */
    private volatile boolean handedToSpares;
    private static final int STARTING = 0;
    private static final int CONNECTED = 1;
    private static final int ABANDONED = 2;

    JvmWorker(PoolCore core, String name) {
        this.core = core;
        this.name = name;
        this.knownFunctions = new FunctionTable<>(core.functionCapacity);
    }

    @Override
    public void start() {
        acquiredNanos = System.nanoTime();
        try {
            jvm = ProcessEngine.get().acquire(core.launchSpec, true);
        } catch (RuntimeException e) {
            acquireFailure = e; // the feeder reports it as this worker's failure to start
        }
        Thread.ofPlatform().daemon().name(name + "-feeder").start(this::feed);
    }

    @Override
    public void kill() {
        ChildJvm child = jvm;
        if (child != null && !handedToSpares) {
            child.kill();
        }
        FrameChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (ch == null) {
            died(null);
        }
    }

    @Override
    public void abandonIfNotStarted() {
        if (startState.compareAndSet(STARTING, ABANDONED)) {
            ChildJvm child = jvm;
            if (child != null) {
                if (roleClaimed.compareAndSet(false, true)) {
                    handedToSpares = true; // before the engine has it: a kill from now on must spare it
                    if (!ProcessEngine.get().adoptAsSpare(child, core.launchSpec)) {
                        handedToSpares = false;
                        child.kill();
                    }
                } else {
                    child.kill();
                }
            }
            abandonSignal.complete(null);
        }
    }

    /** The start-up timeline of this worker's JVM, or null before it was acquired. */
    ChildJvm.Timeline timeline() {
        ChildJvm child = jvm;
        return child == null ? null : child.timeline();
    }

    @Override
    public long pid() {
        ChildJvm child = jvm;
        return child == null ? -1 : child.pid();
    }

    private void feed() {
        try {
            if (acquireFailure != null) {
                throw acquireFailure;
            }
            progress = SharedSegment.create(8);
            sendLock.lock();
            try {
                recordingSent = ChildRecordings.current();
            } finally {
                sendLock.unlock();
            }
            FunctionRef.Wire initializer = core.initializer == null ? null : core.initializer.wire();
            PoolInit init = new PoolInit(initializer == null ? null : initializer.call() != null ? initializer.call() : initializer.serialized(),
                    initializer == null ? List.of() : initializer.classes(), name, dev.mp4j.internal.runtime.Pids.self(),
                    progress.name(), core.functionCapacity, dev.mp4j.internal.jfr.RecordingSpec.toWire(recordingSent),
                    initializer != null && initializer.call() != null);
            byte[] role = init.encode();
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            awaitUpOrAbandoned(deadline);
            if (!roleClaimed.compareAndSet(false, true)) {
                throw new IOException("abandoned before it came up"); // abandonIfNotStarted disposed of the JVM
            }
            if (!jvm.started().isCompletedExceptionally()) { // else the channel names why it did not start
                jvm.sendRole(FrameTypes.POOL_WORKER, role);
            }
            channel = jvm.channel(Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1))));
        } catch (IOException | RuntimeException e) {
            // abandoned, or killed by this pool (terminate) while it started: not a failure to start
            boolean abandoned = startState.get() == ABANDONED || core.isTerminated();
            if (jvm != null && (roleClaimed.compareAndSet(false, true) || !handedToSpares)) {
                jvm.kill();
            }
            ProcessStartException failure = null;
            if (!abandoned) {
                failure = e instanceof ProcessStartException start ? start : startFailure(e);
                core.workerStartFailed(this, failure);
            }
            core.startFinished(this);
            died(abandoned ? null : e.getMessage());
            // logged after the pool learnt of it: a program's first log call starts SLF4J (tens of
            // ms), which the pool's close() would otherwise wait for
            if (abandoned) {
                log.debug("pool worker {} stopped before it connected: the pool closed with nothing to do{}", name,
                        handedToSpares ? "; its JVM, which ran nothing, is kept as a spare" : "");
            } else {
                log.warn("pool worker {} could not start: {}", name, failure.getMessage());
            }
            return;
        }
        core.workerStarted(this);
        if (!startState.compareAndSet(STARTING, CONNECTED)) { // abandoned while it connected
            jvm.kill();
            core.startFinished(this);
            died(null);
            return;
        }
        Thread.ofPlatform().daemon().name(name + "-reader").start(this::read);
        recordingChanged(); // a recording that started while this worker connected
        ready = core.maxTasksPerChild == 0; // retirement counts tasks in the feeder alone
        try {
            while (!dead) {
                lock.lock();
                try {
                    while (inFlight.size() >= window && !dead) {
                        space.await();
                    }
                } finally {
                    lock.unlock();
                }
                if (dead) {
                    return;
                }
                if (core.maxTasksPerChild > 0 && sent >= core.maxTasksPerChild) {
                    retireWhenIdle();
                    return;
                }
                core.awaitWork(PoolCore.pollMillis);
                Job job;
                sendLock.lock();
                try {
                    if (!hasRoom()) {
                        continue; // a submitting thread filled the window meanwhile (dispatchIfIdle)
                    }
                    job = core.queue.poll();
                    if (job != null && !PoolCore.isWakeUp(job) && !sendBatch(job)) {
                        return;
                    }
                } finally {
                    sendLock.unlock();
                }
                if (job == null || PoolCore.isWakeUp(job)) {
                    if (core.workersShouldExit() && awaitLastResults()) {
                        retireWhenIdle();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("pool worker {} feeder failed; replacing the worker", name, e);
            jvm.kill();
            FrameChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * With {@code sendLock} held: sends {@code job}, already taken from the queue, with as many
     * queued jobs as the window has room for, in one write. False when the worker is gone (the
     * jobs are handed back or failed as {@link #died} does).
     */
    private boolean sendBatch(Job job) {
        out.reset();
        batch.clear();
        int room = room();
        while (job != null) {
            if (job.tryStart() && append(out, job)) {
                batch.add(job);
                sent++;
            }
            if (batch.size() >= room || (core.maxTasksPerChild > 0 && sent >= core.maxTasksPerChild)) {
                break;
            }
            job = core.queue.poll();
            if (job != null && PoolCore.isWakeUp(job)) {
                // a closed pool's wake-up is for a feeder to see, not a job to batch: dropped here, one
                // feeder would wait out its poll interval (and close() with it) before it retired
                core.queue.offerFirst(job);
                break;
            }
        }
        if (batch.isEmpty()) {
            return true;
        }
        lock.lock();
        try {
            if (dead) {
                // died() already handed back what it held: these never reached the worker
                core.requeueFront(batch);
                return false;
            }
            boolean idle = inFlight.isEmpty();
            inFlight.addAll(batch);
            if (idle) {
                startHead(System.nanoTime());
            }
        } finally {
            lock.unlock();
        }
        try {
            channel.sendRaw(out.array(), out.size());
        } catch (IOException e) {
            return false; // the reader sees the connection fail and hands the jobs back
        }
        return true;
    }

    @Override
    public void dispatchIfIdle() {
        if (!ready || dead || !sendLock.tryLock()) {
            return;
        }
        try {
            if (!inFlightIsEmpty() || dead) {
                return;
            }
            Job job = core.queue.poll();
            if (job != null && PoolCore.isWakeUp(job)) {
                core.queue.offerFirst(job); // for a feeder (see sendBatch)
                return;
            }
            if (job != null) {
                // the socket is an interruptible channel: a pending interrupt would close it
                boolean interrupted = Thread.interrupted();
                try {
                    sendBatch(job);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("pool worker {}: sending from the submitting thread failed; replacing the worker", name, e);
            jvm.kill();
            channel.close();
        } finally {
            sendLock.unlock();
        }
    }

    private int room() {
        lock.lock();
        try {
            return Math.max(1, window - inFlight.size());
        } finally {
            lock.unlock();
        }
    }

    private boolean hasRoom() {
        lock.lock();
        try {
            return inFlight.size() < window;
        } finally {
            lock.unlock();
        }
    }

    private boolean inFlightIsEmpty() {
        lock.lock();
        try {
            return inFlight.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pool is closed and nothing is queued: waits for this worker's jobs in flight (each result
     * wakes it). True once none is left; false when work was queued meanwhile (the jobs of a worker
     * that died go back to the queue), which this worker then takes. Waiting here rather than for
     * queued work means a worker busy when its pool was closed retires with its last result: it
     * used to wait out {@link PoolCore#pollMillis} first, and {@code close()} with it.
     */
    private boolean awaitLastResults() throws InterruptedException {
        lock.lock();
        try {
            while (!inFlight.isEmpty() && !dead) {
                if (!core.workersShouldExit()) {
                    return false;
                }
                space.await(PoolCore.pollMillis, TimeUnit.MILLISECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the jobs in flight, then closes the connection: the worker JVM exits by itself. */
    private void retireWhenIdle() throws InterruptedException {
        lock.lock();
        try {
            while (!inFlight.isEmpty() && !dead) {
                space.await();
            }
        } finally {
            lock.unlock();
        }
        retiring = true;
        channel.shutdownOutput();
        // every result is in: the worker counts as gone now, while its JVM finishes exiting on its own
        died(null);
    }

    /**
     * Tells the worker JVM what to record when that changed since it was last told (see
     * {@link ChildRecordings}): a frame between two task batches.
     */
    void recordingChanged() {
        FrameChannel ch = channel;
        if (ch == null || dead) {
            return;
        }
        sendLock.lock();
        try {
            dev.mp4j.internal.jfr.RecordingSpec now = ChildRecordings.current();
            if (java.util.Objects.equals(now, recordingSent) || dead) {
                return;
            }
            recordingSent = now;
            boolean interrupted = Thread.interrupted(); // an interrupt would close the socket
            try {
                ch.send(PoolFrames.RECORD, dev.mp4j.internal.codec.WireRecord.encode(dev.mp4j.internal.jfr.RecordingSpec.toWire(now)));
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (IOException e) {
            // the reader sees the connection fail
        } finally {
            sendLock.unlock();
        }
    }

    /** Encodes a job; a job whose items cannot be encoded fails here and is not sent. */
    private boolean append(BytesOutput out, Job job) {
        int mark = out.size();
        try {
            FunctionRef function = job.function;
            boolean known = knownFunctions.contains(function.id);
            if (!known) {
                int frame = FrameChannel.beginFrame(out, PoolFrames.FUNCTION);
                out.writeInt(function.id);
                FunctionRef.Wire wire = function.wire();
                Codec.standard().encode(ValueList.wrap(wire.classes()), out);
                Codec.standard().encode(wire.call(), out);
                if (wire.call() == null) {
                    out.write(wire.serialized(), 0, wire.serialized().length);
                }
                FrameChannel.endFrame(out, frame);
            }
            int frame = FrameChannel.beginFrame(out, PoolFrames.TASK);
            out.writeLong(job.id);
            out.writeInt(function.id);
            out.writeByte(job.kind.ordinal());
            if (job.kind != TaskKind.CALL) {
                Codec.standard().encode(ValueList.wrap(encodableItems(job)), out);
            }
            FrameChannel.endFrame(out, frame);
            if (out.size() - mark > channel.maxFrameBytes()) {
                throw new SerializationException("the task's arguments encode to " + (out.size() - mark)
                        + " bytes, over the frame limit of " + channel.maxFrameBytes() + " bytes: split the work into"
                        + " smaller tasks, pass large data through SharedMemory or a file, or raise -Dmp4j.maxFrameBytes");
            }
            if (known) {
                knownFunctions.touch(function.id);
            } else {
                knownFunctions.add(function.id, Boolean.TRUE);
            }
            return true;
        } catch (SerializationException e) {
            out.truncate(mark);
            job.fail(SerializationException.in("cannot send a task argument to worker " + name, e));
            return false;
        }
    }

    private static List<?> encodableItems(Job job) {
        if (job.kind != TaskKind.STARMAP) {
            return job.items;
        }
        List<Object> pairs = new ArrayList<>(job.items.size());
        for (Object item : job.items) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            pairs.add(ValueList.wrap(java.util.Arrays.asList(entry.getKey(), entry.getValue())));
        }
        return pairs;
    }

    /** Called with the lock held: the oldest job in flight starts running now. */
    private void startHead(long now) {
        head = inFlight.peekFirst();
        headStartNanos = now;
        Job job = head;
        if (job != null && Events.tracingTasks()) {
            job.startedNanos = now;
            job.event = Events.taskStarted(core.namePrefix, job.id, pid(), job.submittedNanos, now);
        }
        if (job != null && job.timeout != null) {
            ScheduledFuture<?> ignored = core.timer.schedule(() -> timeoutCheck(job), PoolCore.toMillis(job.timeout), TimeUnit.MILLISECONDS);
        }
    }

    private void timeoutCheck(Job job) {
        lock.lock();
        try {
            if (head != job || job.isDone() || dead) {
                return;
            }
            timedOut = job;
        } finally {
            lock.unlock();
        }
        log.debug("pool worker {} (pid {}) overran a task timeout of {}; killing it", name, pid(), job.timeout);
        jvm.kill();
    }

    private void read() {
        String failure = null;
        try {
            while (true) {
                FrameChannel.Frame frame = channel.receive();
                switch (frame.type()) {
                    case PoolFrames.RESULT -> onResult(frame.payload());
                    case PoolFrames.INIT_OK -> {
                        ready();
                        core.initSucceeded();
                    }
                    case PoolFrames.INIT_FAILED -> {
                        RemoteFailure remote = (RemoteFailure) Codec.standard().decode(frame.payload());
                        initFailure = remote.className() + ": " + remote.message();
                        core.initFailed(remote.toThrowable());
                    }
                    default -> throw new IOException("unexpected frame type " + frame.type() + " from pool worker");
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof java.io.EOFException ? null : e.getMessage();
        } catch (Error e) {
            // e.g. OutOfMemoryError decoding a huge result: without died() the jobs in flight would wait forever
            log.error("pool worker {} reader failed; replacing the worker", name, e);
            failure = e.toString();
            jvm.kill();
        }
        died(failure);
    }

    /** The worker JVM ran its initializer: it takes tasks from now on. */
    private void ready() {
        long now = System.nanoTime();
        readyNanos = now;
        ChildJvm.Timeline timeline = jvm.timeline();
        long acquired = acquiredNanos;
        boolean fromSpare = timeline.upNanos() != 0 && timeline.upNanos() < acquired;
        // a spare may have finished its handshake before the pool took it: its phases start at the acquisition
        long connected = timeline.connectedNanos() == 0 ? 0 : Math.max(timeline.connectedNanos(), acquired);
        Events.workerStarted(core.namePrefix, name, pid(), fromSpare,
                timeline.upNanos() == 0 ? 0 : timeline.upNanos() - timeline.spawnedNanos(),
                connected == 0 ? 0 : connected - acquired,
                connected == 0 ? 0 : now - connected, now - acquired);
    }

    private void onResult(byte[] payload) {
        BytesInput in = new BytesInput(payload, 0, payload.length);
        long jobId = in.readLong();
        int status = in.readByte();
        Job job;
        long now;
        lock.lock();
        try {
            job = inFlight.pollFirst();
            if (job == null || job.id != jobId) {
                throw new SerializationException("pool worker answered job " + jobId + " out of order");
            }
            now = System.nanoTime();
            long elapsed = now - headStartNanos;
            runNanos += elapsed;
            if (status == PoolFrames.OK) {
                completed++;
            } else {
                failed++;
            }
            // the first job of a worker includes its warm-up (the function's first call): it counts less
            averageJobNanos = averageJobNanos < 0 ? elapsed / 4.0 : averageJobNanos * 0.5 + elapsed * 0.5;
            window = averageJobNanos < 200_000 ? MAX_WINDOW : averageJobNanos < 2_000_000 ? 16
                    : averageJobNanos < 20_000_000 ? 2 : 1;
            startHead(now);
            space.signalAll();
        } finally {
            lock.unlock();
        }
        Throwable failure = null;
        List<Object> results = null;
        try {
            Object decoded = Codec.standard().decode(in);
            if (status == PoolFrames.OK) {
                @SuppressWarnings("unchecked")
                List<Object> decodedResults = (List<Object>) decoded;
                results = decodedResults;
            } else {
                failure = ((RemoteFailure) decoded).toThrowable();
            }
        } catch (SerializationException e) {
            failure = new IllegalStateException("cannot decode the result from worker " + name + ": " + e.getMessage(), e);
        }
        // counted and recorded before the caller can see the outcome: stats() read after it includes it
        if (failure != null) {
            core.failures.record(failure, pid(), dev.mp4j.internal.observe.Hosts.local());
            job.fail(failure);
        } else {
            job.complete(results);
        }
        if (job.event != null || Events.tracingTasks()) {
            Events.taskFinished(job.event, core.namePrefix, job.id, pid(), job.submittedNanos, job.startedNanos, now,
                    failure == null ? "ok" : "failed", job.size(), failure);
        }
    }

    private void died(String failure) {
        List<Job> held;
        lock.lock();
        try {
            if (dead) {
                return;
            }
            dead = true;
            if (head != null) {
                runNanos += System.nanoTime() - headStartNanos; // the task it died in (or was killed for) ran this long
            }
            held = new ArrayList<>(inFlight);
            inFlight.clear();
            head = null;
            space.signalAll();
        } finally {
            lock.unlock();
        }
        FrameChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
        // the exit code names what killed a task; a worker holding none exits on its own, unwaited for
        int exitCode = held.isEmpty() ? -1 : exitCode();
        ChildJvm child = jvm;
        int started = lastStarted(held);
        SharedSegment word = progress;
        if (word != null) {
            word.close();
        }
        if (!held.isEmpty() && initFailure != null) {
            core.requeueFront(held); // none of them ran; a broken pool fails them instead
        } else if (!held.isEmpty() && brokenByThisDeath(held.get(started), exitCode, failure) instanceof BrokenPoolException broken) {
            for (Job job : held) {
                if (job.fail(broken)) {
                    core.taskLost(job, pid(), broken, "worker-died");
                }
            }
        } else if (!held.isEmpty()) {
            // jobs before the one that was running had finished, but their results died with the worker
            for (int i = 0; i < started; i++) {
                Job lost = held.removeFirst();
                WorkerDiedException death = new WorkerDiedException(pid(), exitCode,
                        "the worker died after running this task, before sending its result"
                                + (failure == null ? "" : " (" + failure + ")"));
                if (lost.fail(death)) {
                    core.taskLost(lost, pid(), death, "worker-died");
                }
            }
            Job running = held.removeFirst();
            if (core.isTerminated()) {
                running.fail(new CancellationException("pool was terminated while this task ran"));
            } else if (running == timedOut) {
                if (running.fail(new TaskTimeoutException(running.timeout, "worker pid " + pid() + " was killed and replaced"))) {
                    core.taskTimedOut(running, pid());
                }
            } else {
                String detail = initFailure != null ? "initializer failed: " + initFailure : failure;
                WorkerDiedException death = new WorkerDiedException(pid(), exitCode, detail);
                if (running.fail(death)) {
                    core.taskLost(running, pid(), death, "worker-died");
                }
            }
            core.requeueFront(held);
        }
        String reason = retiring ? (core.isShutdown() ? "closed" : "retired") : core.isTerminated() ? "terminated"
                : timedOut != null ? "timeout" : readyNanos == 0 ? "start-failed" : "died";
        if (!retiring && readyNanos != 0 && !core.isTerminated()) {
            core.workerRestarted();
        }
        if (child != null && !handedToSpares) {
            java.util.concurrent.CompletableFuture<?> gone = child.process().onExit();
            if (Events.workerExitedEnabled()) {
                long completedHere = completedTasks();
                long childPid = child.pid();
                gone = gone.thenRun(() -> Events.workerExited(core.namePrefix, name, childPid,
                        ChildJvm.pythonExitCode(child.process().exitValue()), reason, completedHere));
            }
            core.exiting(gone); // join() returns once the JVM has exited and its exit is recorded
        }
        core.workerExited(this);
    }

    /**
     * The exception that fails every job of a broken pool (broken-pool mode): the pool was broken
     * by another worker's death, or this one, an abrupt death (not a timeout or terminate kill),
     * breaks it now. Null when the pool is not broken.
     */
    private BrokenPoolException brokenByThisDeath(Job running, int exitCode, String failure) {
        BrokenPoolException broken = core.broken();
        if (broken != null || running == timedOut || core.isTerminated()) {
            return broken;
        }
        return core.breakOnDeath(this, new WorkerDiedException(pid(), exitCode, failure));
    }

    /**
     * The index in {@code held} of the job the worker started last, by its progress word; 0 (the
     * oldest, as the worker runs jobs in order) when the word names none of them, e.g. when the worker
     * died before it could start the oldest.
     */
    private int lastStarted(List<Job> held) {
        SharedSegment word = progress;
        if (word == null || held.isEmpty()) {
            return 0;
        }
        long jobId = Words.getLong(word.segment(), 0);
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).id == jobId) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Waits until this worker's JVM runs mp4j's code (at once for a spare), it failed to, this
     * worker was abandoned, or the deadline passed: whichever comes first.
     */
    private void awaitUpOrAbandoned(long deadline) throws IOException {
        try {
            java.util.concurrent.CompletableFuture.anyOf(jvm.started(), abandonSignal)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pool worker " + name + " started", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a start that failed, or took too long: the channel reports it
        }
    }

    /** A start that failed some other way (its role frame could not be written: the child is gone). */
    private ProcessStartException startFailure(Exception e) {
        ChildJvm child = jvm;
        try {
            if (child != null && child.waitFor(Duration.ofSeconds(5))) {
                child.started().handle((ok, failure) -> null).get(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
            // described below as it is
        }
        if (child != null && child.started().isCompletedExceptionally()) {
            try {
                child.started().join();
            } catch (java.util.concurrent.CompletionException failed) {
                if (failed.getCause() instanceof ProcessStartException start) {
                    return start;
                }
            }
        }
        return new ProcessStartException("pool worker " + name + " could not start: " + e.getMessage(), -1, false,
                child == null ? "" : child.stderrTail());
    }

    private long completedTasks() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WorkerStats stats(long now) {
        lock.lock();
        try {
            Job running = head;
            WorkerStats.State state = dead ? WorkerStats.State.IDLE : readyNanos == 0 ? WorkerStats.State.STARTING
                    : running == null ? WorkerStats.State.IDLE : WorkerStats.State.BUSY;
            long ready = readyNanos;
            return new WorkerStats(name, dev.mp4j.internal.observe.Hosts.local(), pid(), state,
                    running == null ? -1 : running.id, running == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, now - headStartNanos)),
                    completed, failed, ready == 0 ? Duration.ZERO : Duration.ofNanos(ready - acquiredNanos));
        } finally {
            lock.unlock();
        }
    }

    /** Jobs sent to this worker behind the one it runs. */
    int waitingInWorker() {
        lock.lock();
        try {
            return Math.max(0, inFlight.size() - 1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long runNanos() {
        lock.lock();
        try {
            return runNanos;
        } finally {
            lock.unlock();
        }
    }

    private int exitCode() {
        ChildJvm child = jvm;
        if (child == null) {
            return -1;
        }
        try {
            if (!child.waitFor(Duration.ofSeconds(5))) {
                child.kill();
                child.waitFor(Duration.ofSeconds(5));
            }
            return ChildJvm.pythonExitCode(child.process().exitValue());
        } catch (InterruptedException | IllegalThreadStateException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
