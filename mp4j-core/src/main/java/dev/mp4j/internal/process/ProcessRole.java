package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.transport.FrameChannel;

import java.util.List;

/**
 * A child that runs one {@code Process} target on its main thread and exits: 0 when the target
 * returns, 1 (after printing the stack trace to stderr, as Python prints its traceback) when it
 * throws. Non-daemon threads the target started are waited for, as Python's child does.
 */
final class ProcessRole implements ChildRole {

    /** Python's child joins its non-daemon threads and exits 0; so does this one, by returning. */
    @Override
    public boolean returnsOnSuccess() {
        return true;
    }

    /** The target arrives with the role frame; the parent's death is seen on stdin. */
    @Override
    public boolean needsConnection() {
        return false;
    }

    @Override
    public int run(FrameChannel parent, FrameChannel.Frame first) throws Exception {
        RunRequest request = RunRequest.decode(first.payload());
        SerialAllowList.allowClasses(request.allowedClasses());
        ChildContext.set(request.name(), request.identity(), request.daemon(), request.parentPid(), request.parentName());
        Thread.currentThread().setName(request.name());
        Runnable target;
        try {
            LambdaCall call = request.call() != null ? LambdaCall.decode(request.call()) : null;
            ChildContext.decodingTarget(call != null ? call.capturingClass() : "");
            target = call != null
                    ? (Runnable) call.toFunction(ClassLoader.getSystemClassLoader())
                    : (Runnable) Codec.standard().decode(request.task());
            ChildContext.targetDecoded(call != null ? call.capturingClass() : target.getClass().getName());
        } catch (RuntimeException | LinkageError e) {
            System.err.println("Process " + request.name() + ": cannot decode its target:");
            e.printStackTrace();
            return 1;
        }
        try {
            target.run();
        } catch (Throwable t) {
            System.err.println("Process " + request.name() + ":");
            t.printStackTrace();
            System.err.flush();
            return 1;
        }
        joinNonDaemonThreads();
        return 0;
    }

    /** Joins non-daemon threads until none is left, also those that joined ones started (Python's threading._shutdown). */
    private static void joinNonDaemonThreads() throws InterruptedException {
        List<Thread> running = UserThreads.nonDaemon();
        while (!running.isEmpty()) {
            for (Thread thread : running) {
                thread.join();
            }
            running = UserThreads.nonDaemon();
        }
    }
}
