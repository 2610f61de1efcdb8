package dev.mp4j.internal.pool;

import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.codec.ValueList;
import dev.mp4j.internal.process.ChildContext;
import dev.mp4j.internal.process.ChildRole;
import dev.mp4j.internal.process.LambdaCall;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.EOFException;
import java.util.List;

/**
 * The child side of a pool worker: runs the initializer, then jobs in arrival order on the main
 * thread. Results are coalesced: they are written when no further task is already buffered, so a
 * burst of tiny tasks costs one write per burst, while a lone task is answered at once; results
 * never wait more than about a millisecond behind a long task (see {@link PendingResults}). Exits 0
 * when the parent closes the connection (retirement, pool close).
 */
public final class PoolWorkerRole implements ChildRole {

    /** Loaded by {@link dev.mp4j.internal.process.WorkerMain} by name. */
    public PoolWorkerRole() {
    }

    @Override
    public int run(FrameChannel parent, FrameChannel.Frame first) throws Exception {
        PoolInit init = PoolInit.decode(first.payload());
        Thread.currentThread().setName(init.workerName());
        ChildContext.set(init.workerName(), "", true, init.parentPid(), "MainProcess");
        ChildContext.markPoolWorker();
        if (init.initializer() != null) {
            SerialAllowList.allowClasses(init.allowedClasses());
            try {
                Runnable initializer = init.initializerIsCall()
                        ? (Runnable) LambdaCall.decode(init.initializer()).toFunction(ClassLoader.getSystemClassLoader())
                        : (Runnable) Codec.standard().decode(init.initializer());
                initializer.run();
            } catch (Throwable t) {
                System.err.println("pool worker " + init.workerName() + ": initializer failed:");
                t.printStackTrace();
                System.err.flush();
                parent.send(PoolFrames.INIT_FAILED, Codec.standard().encode(RemoteFailure.of(t)));
                return 1;
            }
        }
        String poolName = init.workerName().contains("-worker-")
                ? init.workerName().substring(0, init.workerName().lastIndexOf("-worker-")) : init.workerName();
        dev.mp4j.internal.jfr.WorkerRecording recording = null;
        if (!init.recording().isEmpty()) {
            recording = new dev.mp4j.internal.jfr.WorkerRecording(init.workerName());
            recording.apply(dev.mp4j.internal.jfr.RecordingSpec.fromWire(init.recording()));
        }
        parent.send(PoolFrames.INIT_OK, new byte[0]);
        FunctionTable<HeldFunction> functions = new FunctionTable<>(init.functionCapacity());
        // the progress word is mapped on a thread of its own while this one takes the first frames
        // and resolves the function (memory-segment set-up costs a fresh JVM ~5 ms); the first task waits for it
        ProgressMapper mapper = init.progressSegment() == null ? null : ProgressMapper.start(init.progressSegment());
        java.nio.ByteBuffer progress = null;
        PendingResults pending = new PendingResults(parent);
        Thread.ofPlatform().daemon().name("mp4j-result-flusher").start(new Flusher(pending));
        BytesOutput out = new BytesOutput(64 * 1024);
        while (true) {
            FrameChannel.Frame frame;
            try {
                frame = parent.receive();
            } catch (EOFException closed) {
                if (recording != null) {
                    recording.stop();
                }
                return 0; // the socket closes with the process (closing it here first would initialise the JDK's network code)
            }
            byte[] payload = frame.payload();
            BytesInput in = new BytesInput(payload, 0, payload.length);
            switch (frame.type()) {
                case PoolFrames.FUNCTION -> {
                    int id = in.readInt();
                    List<?> classes = (List<?>) Codec.standard().decode(in);
                    for (Object className : classes) {
                        SerialAllowList.allowClass((String) className);
                    }
                    try {
                        Object call = Codec.standard().decode(in);
                        if (call instanceof byte[] bytes) {
                            LambdaCall lambda = LambdaCall.decode(bytes);
                            Object direct = lambda.resolve(ClassLoader.getSystemClassLoader())
                                    .map(LambdaCall.Target::asInterface).orElse(null);
                            functions.add(id, direct != null ? new HeldFunction(direct, lambda)
                                    : new HeldFunction(lambda.deserialize(ClassLoader.getSystemClassLoader()), null));
                        } else {
                            functions.add(id, new HeldFunction(Codec.standard().decode(in), null));
                        }
                    } catch (LinkageError e) {
                        // its class failed to load or initialize here (a static initializer that threw):
                        // each task of the function fails with it, and the worker serves on
                        functions.add(id, HeldFunction.failed(e));
                    }
                }
                case PoolFrames.TASK -> {
                    long jobId = in.readLong();
                    if (mapper != null) {
                        progress = mapper.await();
                        mapper = null;
                        if (progress == null) {
                            // the parent removes the word when it is done with this worker: the pool closed
                            // while this JVM started, before it could run a task; nothing to report
                            return 0;
                        }
                    }
                    if (progress != null) {
                        // survives a kill: the parent reads it (only once this JVM is dead) to know
                        // which task was running, so a plain store is enough
                        progress.putLong(0, jobId);
                    }
                    int functionId = in.readInt();
                    int kindIndex = in.readByte();
                    if (kindIndex >= TaskKind.VALUES.length) {
                        throw new SerializationException("malformed task frame from the pool: task kind " + kindIndex);
                    }
                    TaskKind kind = TaskKind.VALUES[kindIndex];
                    out.reset();
                    pending.taskStarted();
                    HeldFunction held = functions.touch(functionId);
                    Object event = recording != null ? dev.mp4j.internal.jfr.Events.taskExecuting() : null;
                    int items = runTask(out, jobId, held == null ? null : held.function, kind, in);
                    // a task's interrupt ends with it (Python's task leaves no such state behind): the
                    // next read of the parent's pipe, an interruptible channel, would close it
                    Thread.interrupted();
                    if (event != null) {
                        dev.mp4j.internal.jfr.Events.taskExecuted(event, poolName, jobId, items, !lastTaskFailed);
                    }
                    boolean idle = !parent.hasBufferedInput();
                    pending.taskEnded(out, idle);
                    if (held != null) {
                        held.served(items, idle);
                    }
                }
                case PoolFrames.RECORD -> {
                    dev.mp4j.internal.jfr.RecordingSpec spec = dev.mp4j.internal.jfr.RecordingSpec.fromWire(
                            dev.mp4j.internal.codec.WireRecord.decode(payload, "recording request", 1).strings(0));
                    if (recording == null) {
                        recording = new dev.mp4j.internal.jfr.WorkerRecording(init.workerName());
                    }
                    recording.apply(spec);
                }
                default -> throw new SerializationException("unexpected frame type " + frame.type() + " from the pool");
            }
        }
    }

    /**
     * Maps the progress word on its own thread (a named class: a worker's start spins no lambda).
     * {@link #await} returns the word, or null when it was gone (the pool closed meanwhile).
     */
    static final class ProgressMapper implements Runnable {
        private final String segment;
        private final Thread thread;
        private java.nio.ByteBuffer word;
        private Exception failure;

        private ProgressMapper(String segment) {
            this.segment = segment;
            this.thread = Thread.ofPlatform().daemon().name("mp4j-progress-map").stackSize(256 * 1024).unstarted(this);
        }

        static ProgressMapper start(String segment) {
            ProgressMapper mapper = new ProgressMapper(segment);
            mapper.thread.start();
            return mapper;
        }

        @Override
        public void run() {
            try {
                word = dev.mp4j.internal.shm.SharedSegment.mapWord(segment);
            } catch (Exception e) {
                failure = e;
            }
        }

        /** The mapped word (the thread's writes are visible after {@code join}), or null when it was removed. */
        java.nio.ByteBuffer await() throws Exception {
            thread.join();
            if (failure instanceof java.nio.file.NoSuchFileException) {
                return null;
            }
            if (failure != null) {
                throw failure;
            }
            return word;
        }
    }

    /**
     * True when this worker may end by returning from {@code main}: no thread of the tasks' is still
     * running. Returning spares {@code System.exit}'s look-up of the "java.lang.Runtime" logger,
     * which opens every jar of the class path; a worker whose tasks left a non-daemon thread running
     * exits with {@code System.exit} instead of waiting for it.
     */
    @Override
    public boolean returnsOnSuccess() {
        return dev.mp4j.internal.process.UserThreads.nonDaemon().isEmpty();
    }

    /** The flusher thread's body (a named class: no lambda is spun at a worker's start). */
    private static final class Flusher implements Runnable {
        private final PendingResults pending;

        Flusher(PendingResults pending) {
            this.pending = pending;
        }

        @Override
        public void run() {
            pending.flushWhileTasksRun();
        }
    }

    /**
     * Results not yet written. A burst of tiny tasks is answered with one write, but a result must
     * not wait behind a long task: if the parent lost this worker during that task it would blame an
     * earlier task whose result was still here, and run the long one again elsewhere. So a flusher
     * thread writes pending results as soon as a task has run for {@link #FLUSH_AFTER_NANOS}. Even
     * then a kill within that delay cannot misattribute: the parent learns the running job from the
     * progress word, and fails the finished jobs whose results were lost as such.
     * Guarded by {@code lock}; the main thread appends, either thread writes.
     */
    private static final class PendingResults {
        /** How long a result may wait behind a running task, {@code -Dmp4j.resultFlushMicros} (default 1000). */
        private static final long FLUSH_AFTER_NANOS = Long.getLong("mp4j.resultFlushMicros", 1000) * 1000;
        private final FrameChannel parent;
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final BytesOutput results = new BytesOutput(64 * 1024);
        private volatile long taskStartNanos;
        private volatile boolean failed;
        /** True while results wait in {@code results}; written under {@code lock}. */
        private volatile boolean hasPending;
        /** Set while the flusher parks without a deadline because no result waits. */
        private volatile boolean flusherIdle;
        private volatile Thread flusher;

        PendingResults(FrameChannel parent) {
            this.parent = parent;
        }

        void taskStarted() {
            taskStartNanos = System.nanoTime();
        }

        /** Adds one task's result frame; writes everything pending when {@code flush}. */
        void taskEnded(BytesOutput frame, boolean flush) throws java.io.IOException {
            taskStartNanos = 0;
            lock.lock();
            try {
                results.write(frame.array(), 0, frame.size());
                if (flush) {
                    writePending();
                } else {
                    hasPending = true;
                }
            } finally {
                lock.unlock();
            }
            if (!flush && flusherIdle) { // Dekker with the flusher's flag-then-check: one of the two sees the other
                java.util.concurrent.locks.LockSupport.unpark(flusher);
            }
            if (failed) {
                throw new java.io.IOException("lost the connection to the pool while writing results");
            }
        }

        private void writePending() throws java.io.IOException {
            if (results.size() > 0) {
                parent.sendRaw(results.array(), results.size());
                results.reset();
            }
            hasPending = false;
        }

        /**
         * The flusher's loop: while results wait it checks every millisecond at most; while none
         * waits it sleeps until {@link #taskEnded} leaves one unwritten, so neither an idle worker
         * nor one answering each task at once (a lone {@code apply}) pays for wake-ups.
         */
        void flushWhileTasksRun() {
            flusher = Thread.currentThread();
            while (parent.isOpen()) {
                if (!hasPending) {
                    flusherIdle = true;
                    if (!hasPending) {
                        java.util.concurrent.locks.LockSupport.park(this);
                    }
                    flusherIdle = false;
                    continue;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(FLUSH_AFTER_NANOS, 1_000_000));
                long started = taskStartNanos;
                if (started == 0 || System.nanoTime() - started < FLUSH_AFTER_NANOS || !lock.tryLock()) {
                    continue;
                }
                try {
                    writePending();
                } catch (java.io.IOException e) {
                    failed = true;
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * A function as the worker holds it. One called directly ({@link LambdaCall}) over plain values
     * keeps the call: once it has served {@link #UPGRADE_AFTER_ITEMS} items, the worker deserializes
     * the lambda when idle and calls it from then on. A direct call costs a few nanoseconds more per
     * item, deserializing tens of milliseconds in a cold JVM: the second is only worth paying for a
     * function used a lot. One over other values is never rebuilt: that would open its queues,
     * pipes or locks a second time. Owned by the worker's main thread.
     */
    private static final class HeldFunction {
        static final long UPGRADE_AFTER_ITEMS = 10_000;
        Object function;
        private LambdaCall call;
        private long items;

        HeldFunction(Object function, LambdaCall call) {
            this.function = function;
            this.call = call;
        }

        /** A function whose class could not be loaded or initialized: calling it throws {@code failure}. */
        static HeldFunction failed(LinkageError failure) {
            return new HeldFunction(new FailedFunction(failure), null);
        }

        void served(int count, boolean idle) {
            items += count;
            if (call != null && idle && items >= UPGRADE_AFTER_ITEMS && call.capturesOnlyPlainValues()) {
                LambdaCall lambda = call;
                call = null;
                try {
                    function = lambda.deserialize(ClassLoader.getSystemClassLoader());
                } catch (RuntimeException | LinkageError e) {
                    // the direct call goes on serving
                }
            }
        }
    }

    /** Stands for a function that could not be resolved: {@link #runTask} fails each of its tasks with the error. */
    private record FailedFunction(LinkageError failure) {
    }

    /** Whether the last task {@link #runTask} ran failed; main thread only. */
    private static boolean lastTaskFailed;

    /** Runs one task into {@code out}; returns how many items it applied the function to. */
    private static int runTask(BytesOutput out, long jobId, Object function, TaskKind kind, BytesInput in) {
        int mark = FrameChannel.beginFrame(out, PoolFrames.RESULT);
        int body = out.size();
        int count = 0;
        lastTaskFailed = false;
        out.writeLong(jobId);
        try {
            if (function == null) {
                throw new IllegalStateException("pool worker got a task for an unknown function");
            }
            if (function instanceof FailedFunction failed) {
                throw failed.failure();
            }
            List<?> items = kind == TaskKind.CALL ? List.of() : (List<?>) Codec.standard().decode(in);
            count = kind == TaskKind.CALL ? 1 : items.size();
            List<Object> results = Execution.run(kind, function, items);
            out.writeByte(PoolFrames.OK);
            try {
                Codec.standard().encode(ValueList.wrap(results), out);
            } catch (SerializationException e) {
                out.truncate(body);
                out.writeLong(jobId);
                throw new IllegalStateException("the task's result cannot be sent back: " + e.getMessage(), e);
            }
            long encoded = out.size() - body;
            if (encoded > FrameChannel.DEFAULT_MAX_FRAME_BYTES) {
                // the parent would refuse the frame and drop the connection: the task fails instead, the worker serves on
                out.truncate(body);
                out.writeLong(jobId);
                throw new IllegalStateException("the task's result encodes to " + encoded + " bytes, over the frame limit of "
                        + FrameChannel.DEFAULT_MAX_FRAME_BYTES + " bytes: return it in smaller pieces (smaller chunks,"
                        + " imap), pass large data through SharedMemory or a file, or raise -Dmp4j.maxFrameBytes");
            }
        } catch (Throwable t) {
            lastTaskFailed = true;
            out.truncate(body);
            out.writeLong(jobId);
            out.writeByte(PoolFrames.FAILED);
            Codec.standard().encode(RemoteFailure.of(t), out);
        }
        FrameChannel.endFrame(out, mark);
        return count;
    }
}
