package dev.mp4j.internal.observe;

import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.TaskFailure;
import dev.mp4j.observe.WorkerStats;

import java.util.List;

/** The dashboard's JSON, written by hand (mp4j-core has no JSON library). Stateless. */
final class Json {
    private Json() {
    }

    /**
     * @param rates per pool (same order as {@code pools}): [epoch millis, tasks/s, failures/s] samples
     */
    static String snapshot(String title, long timeMillis, List<PoolStats> pools, List<List<double[]>> rates) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"title\":");
        string(out, title);
        out.append(",\"time\":").append(timeMillis).append(",\"pools\":[");
        for (int i = 0; i < pools.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            pool(out, pools.get(i), rates.get(i));
        }
        return out.append("]}").toString();
    }

    private static void pool(StringBuilder out, PoolStats pool, List<double[]> rates) {
        out.append("{\"id\":");
        string(out, pool.ownerPid() + "/" + pool.name());
        out.append(",\"name\":");
        string(out, pool.name());
        out.append(",\"engine\":");
        string(out, pool.engine().name());
        out.append(",\"state\":");
        string(out, pool.state().name());
        out.append(",\"ownerPid\":").append(pool.ownerPid())
                .append(",\"size\":").append(pool.size())
                .append(",\"submitted\":").append(pool.submitted())
                .append(",\"queued\":").append(pool.queued())
                .append(",\"active\":").append(pool.active())
                .append(",\"completed\":").append(pool.completed())
                .append(",\"failed\":").append(pool.failed())
                .append(",\"timeouts\":").append(pool.timeouts())
                .append(",\"workersStarted\":").append(pool.workersStarted())
                .append(",\"workerRestarts\":").append(pool.workerRestarts())
                .append(",\"runTimeMillis\":").append(pool.taskRunTime().toMillis())
                .append(",\"rates\":[");
        for (int i = 0; i < rates.size(); i++) {
            double[] sample = rates.get(i);
            out.append(i > 0 ? "," : "").append('[').append((long) sample[0]).append(',')
                    .append(round(sample[1])).append(',').append(round(sample[2])).append(']');
        }
        out.append("],\"workers\":[");
        for (int i = 0; i < pool.workers().size(); i++) {
            WorkerStats worker = pool.workers().get(i);
            out.append(i > 0 ? "," : "").append("{\"name\":");
            string(out, worker.name());
            out.append(",\"host\":");
            string(out, worker.host());
            out.append(",\"pid\":").append(worker.pid()).append(",\"state\":");
            string(out, worker.state().name());
            out.append(",\"task\":").append(worker.currentTask())
                    .append(",\"ageMillis\":").append(worker.currentTaskAge().toMillis())
                    .append(",\"completed\":").append(worker.completed())
                    .append(",\"failed\":").append(worker.failed())
                    .append(",\"startUpMillis\":").append(worker.startUp().toMillis()).append('}');
        }
        out.append("],\"failures\":[");
        for (int i = 0; i < pool.recentFailures().size(); i++) {
            TaskFailure failure = pool.recentFailures().get(i);
            out.append(i > 0 ? "," : "").append("{\"time\":").append(failure.time().toEpochMilli())
                    .append(",\"pid\":").append(failure.workerPid()).append(",\"host\":");
            string(out, failure.host());
            out.append(",\"exception\":");
            string(out, failure.exception());
            out.append(",\"message\":");
            string(out, failure.message());
            out.append(",\"traceback\":");
            string(out, failure.traceback());
            out.append('}');
        }
        out.append("]}");
    }

    private static String round(double value) {
        return Double.isFinite(value) ? String.valueOf(Math.round(value * 10) / 10.0) : "0";
    }

    static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c"); // never closes a script element
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
