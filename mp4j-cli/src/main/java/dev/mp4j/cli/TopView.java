package dev.mp4j.cli;

import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.TaskFailure;
import dev.mp4j.observe.WorkerStats;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminal view of {@code mp4j top} and {@code mp4j cluster-status}: one block per pool (its
 * figures, then a line per worker) and the latest failure of each pool. Tasks per second come from
 * the previous snapshot this view rendered. Not thread-safe: one view per loop.
 */
final class TopView {
    private final Map<String, long[]> previous = new HashMap<>();

    String render(String heading, List<PoolStats> pools) {
        StringBuilder out = new StringBuilder();
        long jvms = pools.stream().mapToLong(PoolStats::ownerPid).distinct().count();
        out.append(heading).append(" — ").append(pools.size()).append(pools.size() == 1 ? " pool" : " pools");
        if (jvms > 1) {
            out.append(" in ").append(jvms).append(" JVMs");
        }
        out.append(" — ").append(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))).append('\n');
        if (pools.isEmpty()) {
            return out.append("no live pools (mp4j top sees the process pools of this user's JVMs)\n").toString();
        }
        out.append(String.format("%n%-22s %8s %-15s %-10s %5s %7s %6s %10s %7s %8s %8s%n", "POOL", "OWNER", "ENGINE", "STATE",
                "SIZE", "QUEUED", "ACTIVE", "COMPLETED", "FAILED", "RESTARTS", "TASKS/S"));
        long now = System.nanoTime();
        for (PoolStats pool : pools) {
            String key = pool.ownerPid() + "/" + pool.name() + "/" + pool.engine();
            long[] before = previous.put(key, new long[] {now, pool.completed()});
            String rate = before == null || now <= before[0] ? "-"
                    : String.format("%.1f", (pool.completed() - before[1]) * 1e9 / (now - before[0]));
            out.append(String.format("%-22s %8s %-15s %-10s %5d %7s %6d %10d %7d %8d %8s%n", cut(pool.name(), 22),
                    pool.ownerPid() < 0 ? "-" : String.valueOf(pool.ownerPid()), pool.engine(), pool.state(), pool.size(),
                    pool.queued() < 0 ? "-" : String.valueOf(pool.queued()), pool.active(), pool.completed(), pool.failed(),
                    pool.workerRestarts(), rate));
            for (WorkerStats worker : pool.workers()) {
                out.append(String.format("    %-26s %-18s %8d  %-8s %10s %9s %8d done %5d failed%n", cut(worker.name(), 26),
                        cut(worker.host(), 18), worker.pid(), worker.state().name().toLowerCase(java.util.Locale.ROOT),
                        worker.currentTask() >= 0 ? "task " + worker.currentTask() : "",
                        worker.state() == WorkerStats.State.BUSY ? age(worker.currentTaskAge().toMillis()) : "",
                        worker.completed(), worker.failed()));
            }
            if (!pool.recentFailures().isEmpty()) {
                TaskFailure last = pool.recentFailures().getFirst();
                out.append("    last failure: ").append(last.exception()).append(": ").append(cut(last.message(), 80))
                        .append(last.workerPid() > 0 ? " (pid " + last.workerPid() + ")" : "").append('\n');
            }
        }
        return out.toString();
    }

    private static String age(long millis) {
        return millis >= 60_000 ? String.format("%.1f min", millis / 60_000.0)
                : millis >= 1000 ? String.format("%.1f s", millis / 1000.0) : millis + " ms";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
