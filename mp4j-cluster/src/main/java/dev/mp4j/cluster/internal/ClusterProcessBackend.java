package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.internal.pool.PoolCore;
import dev.mp4j.internal.pool.CallTicket;
import dev.mp4j.internal.pool.TaskKind;
import dev.mp4j.internal.process.ProcessBackend;
import dev.mp4j.spi.ClusterProcessFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code Process} on {@code Engine.CLUSTER}: its target is one task placed on whichever worker
 * JVM takes it. Exit code 0 when the target returns, 1 when it throws (the remote stack trace goes
 * to this JVM's stderr, as a child's would), -15 after {@link #terminate()} and -9 after
 * {@link #kill()} (both cancel the task, interrupting it on its worker). The process has no pid
 * on this machine: {@link #pid()} is -1.
 *
 * <p>The Redis address comes from {@code -Dmp4j.redis} or {@code MP4J_REDIS}. Thread-safe.
 */
public final class ClusterProcessBackend implements ProcessBackend {
    private final Runnable target;
    private final String name;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ClusterPoolBackend pool;
    private volatile int exitCode = Integer.MIN_VALUE;
    private volatile int requestedExit;

    ClusterProcessBackend(Runnable target, String name) {
        this.target = target;
        this.name = name;
    }

    /** The Process SPI implementation. */
    public static final class Factory implements ClusterProcessFactory {
        @Override
        public ProcessBackend create(Runnable target, String name, boolean daemon) {
            return new ClusterProcessBackend(target, name);
        }
    }

    private static RedisAddress configuredAddress() {
        String address = System.getProperty("mp4j.redis");
        if (address == null || address.isBlank()) {
            address = System.getenv("MP4J_REDIS");
        }
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("a Process on Engine.CLUSTER needs a Redis address: set -Dmp4j.redis=redis://host:6379"
                    + " or the MP4J_REDIS environment variable");
        }
        return RedisAddress.parse(address);
    }

    @Override
    public void start() {
        Runnable body = target;
        SerializableCallable<Object> call = () -> {
            body.run();
            return null;
        };
        PoolCore.FunctionRefHandle handle;
        try {
            handle = PoolCore.FunctionRefHandle.of(call);
            handle.encoded();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a Process on Engine.CLUSTER must have a serializable target: " + e.getMessage(), e);
        }
        ClusterPoolBackend backend = new ClusterPoolBackend(configuredAddress(), null, name);
        backend.start();
        pool = backend;
        backend.submit(handle, TaskKind.CALL, List.of(), null, new CallTicket(), (results, error) -> {
            if (error == null) {
                exitCode = 0;
            } else if (error instanceof CancellationException && requestedExit != 0) {
                exitCode = requestedExit;
            } else {
                StringWriter trace = new StringWriter();
                error.printStackTrace(new PrintWriter(trace));
                System.err.print("Process " + name + " (on a cluster worker):\n" + trace);
                exitCode = 1;
            }
            finished.countDown();
        });
        backend.close();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            finished.await();
            return true;
        }
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isAlive() {
        return pool != null && finished.getCount() > 0;
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public OptionalInt exitCode() {
        int code = exitCode;
        return code == Integer.MIN_VALUE ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public void terminate() {
        stop(-15);
    }

    @Override
    public void kill() {
        stop(-9);
    }

    private void stop(int code) {
        ClusterPoolBackend backend = pool;
        if (backend != null && finished.getCount() > 0) {
            requestedExit = code;
            backend.terminate();
        }
    }

    @Override
    public boolean isCurrent() {
        return false;
    }

    @Override
    public void close() {
        ClusterPoolBackend backend = pool;
        if (backend != null) {
            backend.close();
        }
    }
}
