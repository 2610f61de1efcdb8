package dev.mp4j.internal.subprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process together with every process it started.
 *
 * <p>Descendants are found through {@link ProcessHandle#descendants()} while the root is still
 * alive: once a parent dies its children are re-parented and can no longer be found from it, so the
 * tree is snapshotted before any signal is sent and snapshotted again before SIGKILL (a process may
 * have forked during the grace period). Stateless; safe from any thread.
 */
public final class ProcessTrees {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTrees() {
    }

    /** The root and its current descendants, the root first. */
    public static Set<ProcessHandle> snapshot(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Sends SIGTERM to the root and its descendants, waits up to {@code grace} for them to end,
     * then sends SIGKILL to those still alive (and to anything they started meanwhile), and waits
     * a bounded time for them to be gone.
     *
     * @return true if every process of the tree is gone
     */
    public static boolean destroy(ProcessHandle root, Duration grace) throws InterruptedException {
        Set<ProcessHandle> tree = snapshot(root);
        return destroy(tree, grace);
    }

    /** {@link #destroy(ProcessHandle, Duration)} for several trees at once (one grace period). */
    public static boolean destroyAll(List<ProcessHandle> roots, Duration grace) throws InterruptedException {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            tree.addAll(snapshot(root));
        }
        return destroy(tree, grace);
    }

    private static boolean destroy(Set<ProcessHandle> tree, Duration grace) throws InterruptedException {
        if (!grace.isZero()) {
            tree.forEach(ProcessHandle::destroy);
            awaitExit(tree, grace);
        }
        Set<ProcessHandle> remaining = new LinkedHashSet<>();
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                remaining.add(handle);
                handle.descendants().forEach(remaining::add);
            }
        }
        remaining.forEach(ProcessHandle::destroyForcibly);
        return awaitExit(remaining, KILL_WAIT);
    }

    private static boolean awaitExit(Set<ProcessHandle> handles, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive = new ArrayList<>(handles);
        for (ProcessHandle handle : alive) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        return handles.stream().noneMatch(ProcessHandle::isAlive);
    }
}
