package dev.mp4j.internal.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The non-daemon threads a child's tasks left running: those a child waits for before it ends
 * (Python's {@code threading._shutdown}), or that keep it from returning from {@code main}.
 *
 * <p>Listed through the root {@link ThreadGroup}, which asks the VM for its threads without
 * stopping them: {@link Thread#getAllStackTraces()} also walks every thread's stack at a safepoint,
 * which cost a child about a millisecond at its end. Virtual threads are never listed (they are
 * daemons). Stateless and thread-safe.
 */
public final class UserThreads {
    private UserThreads() {
    }

    /** Live non-daemon threads other than the caller, the JVM's own ({@code system} group) and {@code DestroyJavaVM}. */
    public static List<Thread> nonDaemon() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads;
        int count;
        do { // a thread started meanwhile: list again with more room
            threads = new Thread[root.activeCount() + 16];
            count = root.enumerate(threads, true);
        } while (count == threads.length);
        List<Thread> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            ThreadGroup group = thread.getThreadGroup();
            if (thread != Thread.currentThread() && !thread.isDaemon() && thread.isAlive()
                    && group != null && !"system".equals(group.getName())
                    && !thread.getName().equals("DestroyJavaVM")) {
                found.add(thread);
            }
        }
        return found;
    }
}
