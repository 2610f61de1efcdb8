package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A "process" that is a child JVM. {@link #start()} encodes the target first (so an
 * unserializable target fails before any JVM is touched; a plain lambda also as a
 * {@link LambdaCall}), takes a warm spare or starts a JVM, and
 * hands the target over on a virtual thread, so starting many processes starts their JVMs in
 * parallel. If the hand-over fails the child is killed and the reason is logged; its exit code
 * tells the caller.
 */
public final class ChildProcessBackend implements ProcessBackend {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(ChildProcessBackend.class);

    private final RunRequest request;
    private final ProcessEngine.LaunchSpec spec;
    /** Classes the task is made of, for the AOT cache's training (see {@link ProcessEngine#hintClasses}). */
    private final List<String> classHints;
    private volatile ChildJvm child;
    /** A target this small is written to the child's stdin from start() itself (a pipe buffers 64 KiB). */
    private static final int SMALL_TARGET_BYTES = 16 * 1024;
    /** Set by terminate and kill: the JDK then closes the child's stdin, so a target still being sent fails. */
    private volatile boolean stopRequested;

    public ChildProcessBackend(Runnable target, String name, String identity, boolean daemon, List<String> jvmOptions) {
        this(target, name, identity, daemon, jvmOptions, null);
    }

    /**
     * @param childClassPath the child's class path instead of the discovered one, or null
     * @throws IllegalArgumentException when the target cannot be serialized, or its classes cannot
     *         be made available to a child JVM
     */
    public ChildProcessBackend(Runnable target, String name, String identity, boolean daemon, List<String> jvmOptions,
                               String childClassPath) {
        dev.mp4j.internal.codec.ClassLoaders.remember(target.getClass());
        Set<String> written = new LinkedHashSet<>();
        byte[] call = LambdaCall.encodeIfQualifies(target, written);
        byte[] task = null;
        if (call == null) {
            try {
                task = Codec.encodeTrusted(target, written);
            } catch (SerializationException e) {
                throw SerializationException.in("cannot start process " + name + ": its target is not serializable", e);
            }
        }
        this.classHints = new ArrayList<>(written);
        LambdaCall.of(target).ifPresent(c -> classHints.add(c.implClass()));
        this.request = new RunRequest(name, identity, daemon, dev.mp4j.internal.runtime.Pids.self(),
                ThreadProcessBackend.current().name(), new ArrayList<>(written), task, call);
        ProcessEngine engine = ProcessEngine.get();
        Set<String> needed = new LinkedHashSet<>(written);
        needed.addAll(LambdaCall.definingClasses(target));
        this.spec = engine.cover(engine.spec(jvmOptions, childClassPath), needed, target.getClass().getClassLoader(),
                "process " + name);
    }

    @Override
    public void start() {
        byte[] payload = request.encode();
        ProcessEngine engine = ProcessEngine.get();
        engine.hintClasses(classHints);
        ChildJvm jvm = engine.acquire(spec);
        child = jvm;
        if (payload.length <= SMALL_TARGET_BYTES) {
            handOver(jvm, payload); // fits the pipe's buffer: written at once, whatever the child is doing
        } else {
            Thread.ofPlatform().daemon().name("mp4j-start-" + request.name()).start(() -> handOver(jvm, payload));
        }
    }

    private void handOver(ChildJvm jvm, byte[] payload) {
        try {
            jvm.sendRole(FrameTypes.RUN_PROCESS, payload);
        } catch (IOException | RuntimeException e) {
            if (jvm.isAlive() && !stopRequested) {
                log.error("process {} (pid {}) could not receive its target: {}", request.name(), jvm.pid(), e.getMessage());
                jvm.kill();
            } else {
                log.debug("process {} (pid {}) ended or was stopped before receiving its target: {}", request.name(),
                        jvm.pid(), e.getMessage());
            }
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return child.waitFor(timeout);
    }

    @Override
    public boolean isAlive() {
        return child.isAlive();
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public OptionalInt exitCode() {
        java.lang.Process process = child.process();
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(ChildJvm.pythonExitCode(process.exitValue()));
    }

    @Override
    public void terminate() {
        stopRequested = true;
        child.terminate();
    }

    @Override
    public void kill() {
        stopRequested = true;
        child.kill();
    }

    @Override
    public boolean isCurrent() {
        return false;
    }

    @Override
    public void close() {
        // the control channel closes itself when the child exits
    }
}
