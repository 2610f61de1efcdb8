package dev.mp4j.internal.pool;

import dev.mp4j.Engine;
import dev.mp4j.pool.TaskTimeoutException;

import dev.mp4j.internal.jfr.Events;
import dev.mp4j.observe.WorkerStats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * A pool worker that is a platform or virtual thread. Runs the initializer once, then jobs one at
 * a time; retires after {@code maxTasksPerChild} jobs. A job that overruns its timeout is failed
 * with {@link TaskTimeoutException} and its thread interrupted and abandoned: a replacement starts
 * at once, and the abandoned thread exits when (if) the task returns.
 */
final class ThreadWorker implements Worker {
    private final PoolCore core;
    private final Thread thread;
    private volatile Job current;
    private volatile long currentStartNanos;
    private volatile boolean abandoned;
    /** Written by this worker's thread only (read by {@link #stats}). */
    private volatile long completed;
    private volatile long failed;
    private volatile long runNanos;

    ThreadWorker(PoolCore core, String name) {
        this.core = core;
        this.thread = core.engine == Engine.VIRTUAL_THREADS
                ? Thread.ofVirtual().name(name).unstarted(this::loop)
                : Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void kill() {
        abandoned = true;
        thread.interrupt();
        Job job = current;
        if (job != null) {
            job.fail(new java.util.concurrent.CancellationException("pool was terminated while this task ran"));
        }
        core.workerExited(this);
    }

    @Override
    public long pid() {
        return PID;
    }

    private static final long PID = dev.mp4j.internal.runtime.Pids.self();

    @Override
    public WorkerStats stats(long now) {
        Job job = current;
        long since = currentStartNanos;
        return new WorkerStats(thread.getName(), dev.mp4j.internal.observe.Hosts.local(), PID,
                job == null ? WorkerStats.State.IDLE : WorkerStats.State.BUSY, job == null ? -1 : job.id,
                job == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, now - since)), completed, failed, Duration.ZERO);
    }

    @Override
    public long runNanos() {
        return runNanos;
    }

    private void loop() {
        try {
            if (core.initializer != null) {
                try {
                    ((Runnable) core.initializer.function).run();
                    core.initSucceeded();
                } catch (Throwable t) {
                    System.err.println("pool worker " + thread.getName() + ": initializer failed:");
                    t.printStackTrace();
                    core.initFailed(t);
                    return;
                }
            }
            int done = 0;
            while (!abandoned) {
                if (core.maxTasksPerChild > 0 && done >= core.maxTasksPerChild) {
                    return;
                }
                Job job;
                try {
                    job = core.queue.poll(PoolCore.pollMillis, PoolCore.MS);
                } catch (InterruptedException e) {
                    if (core.isTerminated()) {
                        return;
                    }
                    continue;
                }
                if (job == null || PoolCore.isWakeUp(job)) {
                    if (core.workersShouldExit()) {
                        return;
                    }
                    continue;
                }
                if (!job.tryStart()) {
                    continue;
                }
                runJob(job);
                done++;
            }
        } finally {
            if (!abandoned) {
                core.workerExited(this);
            }
        }
    }

    private void runJob(Job job) {
        long started = System.nanoTime();
        currentStartNanos = started;
        current = job;
        if (Events.tracingTasks()) {
            job.startedNanos = started;
            job.event = Events.taskStarted(core.namePrefix, job.id, pid(), job.submittedNanos, started);
        }
        ScheduledFuture<?> timeout = null;
        if (job.timeout != null) {
            timeout = core.timer.schedule(() -> {
                if (current == job && job.fail(new TaskTimeoutException(job.timeout, "thread " + thread.getName() + " was interrupted"))) {
                    core.taskTimedOut(job, pid());
                    abandoned = true;
                    thread.interrupt();
                    core.workerAbandoned(this);
                }
            }, PoolCore.toMillis(job.timeout), PoolCore.MS);
        }
        Throwable failure = null;
        boolean counted = false;
        try {
            List<Object> results = Execution.run(job.kind, job.function.function, job.items);
            // counted before the caller can see the outcome, so that stats() read after it includes it
            // (this thread is the only writer of the counters); uncounted if a timeout failed the job first
            completed++;
            counted = job.complete(results);
            if (!counted) {
                completed--;
            }
        } catch (Throwable t) {
            failure = t;
            failed++;
            if (!job.isDone()) {
                core.failures.record(t, pid(), dev.mp4j.internal.observe.Hosts.local());
            }
            counted = job.fail(t);
            if (!counted) {
                failed--;
            }
        } finally {
            long ended = System.nanoTime();
            runNanos += ended - started;
            if (counted && (job.event != null || Events.tracingTasks())) {
                Events.taskFinished(job.event, core.namePrefix, job.id, pid(), job.submittedNanos, job.startedNanos, ended,
                        failure == null ? "ok" : "failed", job.size(), failure);
            }
            current = null;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (!abandoned) {
                Thread.interrupted();
            }
        }
    }
}
