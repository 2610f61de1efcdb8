package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 003 (notebook), "Multiprocessing start method": Python creates children with {@code fork}
 * (a copy of the parent's memory), {@code spawn} (a fresh interpreter that receives the pickled
 * target) or {@code forkserver} (forks of a minimal server process). The JVM cannot fork itself: a
 * process on mp4j's {@link Engine#PROCESSES} engine is a fresh JVM that receives the serialized
 * target, which is {@code spawn}; mp4j keeps a warm spare JVM ready (system property
 * {@code mp4j.spareJvms}), which is the idea of {@code forkserver}. The program shows the
 * consequence: a static field set by the parent is not seen by a PROCESSES child (it has its own,
 * freshly initialized class), while a value captured by the target travels with it; a THREADS
 * "process" shares the parent's memory and sees both.
 */
public final class StartMethods {
    private static int state = 0;

    private StartMethods() {
    }

    static void show(Engine engine, int captured) {
        System.out.println(engine + " child: static state = " + state + ", captured value = " + captured
                + (ProcessHandle.current().pid() == parentPid ? " (same JVM)" : " (another JVM)"));
    }

    private static long parentPid;

    public static void main(String[] args) throws InterruptedException {
        System.out.println("start methods in Python: fork, spawn, forkserver; on the JVM: spawn (a fresh JVM per process)");
        state = 42;
        parentPid = ProcessHandle.current().pid();
        int captured = state;
        long parent = parentPid;
        Process spawned = Process.of(Engine.PROCESSES, () -> {
            parentPid = parent;
            show(Engine.PROCESSES, captured);
        });
        spawned.start();
        spawned.join();
        Process thread = Process.of(Engine.THREADS, () -> show(Engine.THREADS, captured));
        thread.start();
        thread.join();
    }
}
