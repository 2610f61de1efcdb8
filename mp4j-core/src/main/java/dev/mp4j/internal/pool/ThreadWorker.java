package dev.mp4j.internal.pool;

import dev.mp4j.Engine;
import dev.mp4j.pool.TaskTimeoutException;

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
    private volatile boolean abandoned;

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
        return dev.mp4j.internal.runtime.Pids.self();
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
                    job = core.queue.poll(PoolCore.POLL_MILLIS, PoolCore.MS);
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
        current = job;
        ScheduledFuture<?> timeout = null;
        if (job.timeout != null) {
            timeout = core.timer.schedule(() -> {
                if (current == job && job.fail(new TaskTimeoutException(job.timeout, "thread " + thread.getName() + " was interrupted"))) {
                    abandoned = true;
                    thread.interrupt();
                    core.workerAbandoned(this);
                }
            }, PoolCore.toMillis(job.timeout), PoolCore.MS);
        }
        try {
            List<Object> results = Execution.run(job.kind, job.function.function, job.items);
            job.complete(results);
        } catch (Throwable t) {
            job.fail(t);
        } finally {
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
