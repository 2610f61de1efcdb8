package dev.mp4j.internal.jfr;

import jdk.jfr.FlightRecorder;

/**
 * mp4j's JFR events, behind static methods that the rest of mp4j calls. Zero cost when no recording
 * runs: until this JVM's Flight Recorder is initialized (a recording started once), every method
 * returns after one static read ({@link FlightRecorder#isInitialized()}) without loading an event
 * class: loading the first event class makes the JDK set up its recorder metadata, hundreds of
 * classes and tens to hundreds of milliseconds. Once it is, each method builds its event and asks
 * {@code isEnabled()}: one static load, and the JIT removes the allocation of a disabled event. Hot
 * paths call {@link #tracingTasks()} once and skip the rest, so a pool reads no clock for events
 * while they are off.
 *
 * <p>Task events are committed by the pool's threads (feeder, reader, submitting thread), so their
 * JFR thread is not the worker; the worker is the {@code workerPid} field. Thread-safe, stateless.
 */
public final class Events {
    private Events() {
    }

    /** True when any per-task event of a pool is enabled (a recording runs with them on). */
    public static boolean tracingTasks() {
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        return new TaskFinishedEvent().isEnabled() || new TaskStartedEvent().isEnabled()
                || new TaskSubmittedEvent().isEnabled();
    }

    public static void taskSubmitted(String pool, long taskId, String kind, int items) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        TaskSubmittedEvent event = new TaskSubmittedEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.taskId = taskId;
            event.kind = kind;
            event.items = items;
            event.commit();
        }
    }

    /**
     * A worker started task {@code taskId}: commits the started event and returns the finished
     * event, begun now, to hand to {@link #taskFinished} (null when that event is off).
     *
     * @param submittedNanos when the task was submitted ({@link System#nanoTime()}), 0 when unknown
     */
    public static Object taskStarted(String pool, long taskId, long workerPid, long submittedNanos, long nowNanos) {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        TaskStartedEvent started = new TaskStartedEvent();
        if (started.shouldCommit()) {
            started.pool = pool;
            started.taskId = taskId;
            started.workerPid = workerPid;
            started.queueWait = submittedNanos == 0 ? 0 : nowNanos - submittedNanos;
            started.commit();
        }
        TaskFinishedEvent finished = new TaskFinishedEvent();
        if (!finished.isEnabled()) {
            return null;
        }
        finished.begin();
        return finished;
    }

    /**
     * Task {@code taskId} ended.
     *
     * @param begun          what {@link #taskStarted} returned, or null
     * @param startedNanos   when it started, 0 when unknown
     * @param failure        its exception, or null
     */
    public static void taskFinished(Object begun, String pool, long taskId, long workerPid, long submittedNanos,
                                    long startedNanos, long nowNanos, String outcome, int items, Throwable failure) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        TaskFinishedEvent event = begun instanceof TaskFinishedEvent started ? started : new TaskFinishedEvent();
        event.end();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.taskId = taskId;
            event.workerPid = workerPid;
            event.queueWait = submittedNanos == 0 || startedNanos == 0 ? 0 : startedNanos - submittedNanos;
            event.runTime = startedNanos == 0 ? 0 : nowNanos - startedNanos;
            event.outcome = outcome;
            event.items = items;
            event.exception = failure == null ? null : failure.getClass().getName();
            event.commit();
        }
    }

    /** A task in this worker JVM begins: the event to hand to {@link #taskExecuted}, or null when off. */
    public static Object taskExecuting() {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        TaskExecutionEvent event = new TaskExecutionEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void taskExecuted(Object begun, String pool, long taskId, int items, boolean ok) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        if (begun instanceof TaskExecutionEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.pool = pool;
                event.taskId = taskId;
                event.items = items;
                event.outcome = ok ? "ok" : "failed";
                event.commit();
            }
        }
    }

    public static void workerStarted(String pool, String worker, long pid, boolean fromSpare, long spawnToUp,
                                     long acquiredToConnected, long connectedToReady, long startUp) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        WorkerStartedEvent event = new WorkerStartedEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.worker = worker;
            event.pid = pid;
            event.fromSpare = fromSpare;
            event.spawnToUp = spawnToUp;
            event.acquiredToConnected = acquiredToConnected;
            event.connectedToReady = connectedToReady;
            event.startUp = startUp;
            event.commit();
        }
    }

    public static boolean workerExitedEnabled() {
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        return new WorkerExitedEvent().isEnabled();
    }

    /** @param exitCode Python style: -N for signal N */
    public static void workerExited(String pool, String worker, long pid, int exitCode, String reason, long completed) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        WorkerExitedEvent event = new WorkerExitedEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.worker = worker;
            event.pid = pid;
            event.exitCode = exitCode;
            event.signal = exitCode < 0 ? -exitCode : 0;
            event.reason = reason;
            event.completed = completed;
            event.commit();
        }
    }

    public static void poolCreated(String pool, String engine, int size) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        PoolCreatedEvent event = new PoolCreatedEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.engine = engine;
            event.size = size;
            event.commit();
        }
    }

    /** A pool begins its life: the event to hand to {@link #poolClosed}, or null when off. */
    public static Object poolLifeBegins() {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        PoolClosedEvent event = new PoolClosedEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void poolClosed(Object begun, String pool, String engine, long completed, long failed, long workersStarted) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        PoolClosedEvent event = begun instanceof PoolClosedEvent life ? life : new PoolClosedEvent();
        event.end();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.engine = engine;
            event.completed = completed;
            event.failed = failed;
            event.workersStarted = workersStarted;
            event.commit();
        }
    }

    /** A wait on a lock or queue begins (its slow path): the event to hand on, or null when off. */
    public static Object waitBegins(boolean lock) {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        jdk.jfr.Event event = lock ? new LockWaitEvent() : new QueueWaitEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void lockWaited(Object begun, String lock, long ownerPid, boolean acquired) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        if (begun instanceof LockWaitEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.lock = lock;
                event.ownerPid = ownerPid;
                event.acquired = acquired;
                event.commit();
            }
        }
    }

    public static void queueWaited(Object begun, String queue, String operation, boolean done) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        if (begun instanceof QueueWaitEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.queue = queue;
                event.operation = operation;
                event.done = done;
                event.commit();
            }
        }
    }

    /** A manager call begins: the event to hand to {@link #managerCalled}, or null when off. */
    public static Object managerCallBegins() {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        ManagerCallEvent event = new ManagerCallEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void managerCalled(Object begun, String address, String method, String outcome) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        if (begun instanceof ManagerCallEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.address = address;
                event.method = method;
                event.outcome = outcome;
                event.commit();
            }
        }
    }

    /** A task was handed to the cluster engine: the result event, begun now, or null when off. */
    public static Object clusterTaskDispatched(String pool, long taskId, String kind, int items) {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        ClusterTaskDispatchedEvent dispatched = new ClusterTaskDispatchedEvent();
        if (dispatched.shouldCommit()) {
            dispatched.pool = pool;
            dispatched.taskId = taskId;
            dispatched.kind = kind;
            dispatched.items = items;
            dispatched.commit();
        }
        ClusterTaskResultEvent result = new ClusterTaskResultEvent();
        if (!result.isEnabled()) {
            return null;
        }
        result.begin();
        return result;
    }

    public static void clusterTaskResult(Object begun, String pool, long taskId, Throwable failure) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        if (begun instanceof ClusterTaskResultEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.pool = pool;
                event.taskId = taskId;
                event.outcome = failure == null ? "ok" : failure instanceof java.util.concurrent.CancellationException
                        ? "cancelled" : "failed";
                event.exception = failure == null ? null : failure.getClass().getName();
                event.commit();
            }
        }
    }
}
