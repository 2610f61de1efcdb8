package dev.mp4j.lab.isolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened to one batch of the isolation table: {@value IsolationProbe#OTHERS} ordinary tasks
 * and one failing task on a pool of 2 workers.
 *
 * @param failingTask     what the failing task's caller got: an exception ("TaskTimeoutException"),
 *                        or "no answer within N s"; null when the whole runtime died first
 * @param othersCompleted how many of the ordinary tasks returned their result
 * @param others          how many ordinary tasks there were
 * @param usableAfter     whether the pool ran one more task afterwards (null: the runtime died)
 * @param stillRunning    whether the failing code still ran after its caller gave up (null: not observable)
 * @param exitStatus      the exit status of a runtime that died during the batch, or null
 * @param seconds         how long the batch took until its outcome was known
 */
public record Outcome(String failingTask, int othersCompleted, int others, Boolean usableAfter, Boolean stillRunning,
                      Integer exitStatus, double seconds) {
    /** The verdicts, in the order a reader should fear them. */
    public enum Verdict {
        EVERYTHING_LOST("everything lost"),
        HANGS("hangs without a timeout"),
        KEEPS_RUNNING("the task is abandoned, not stopped"),
        PARTLY_ISOLATED("partly isolated"),
        ISOLATED("isolated");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Whether the runtime that ran the batch survived it. */
    public boolean survived() {
        return exitStatus == null;
    }

    public Verdict verdict() {
        if (!survived()) {
            return Verdict.EVERYTHING_LOST;
        }
        if (failingTask != null && failingTask.startsWith("no answer")) {
            return Verdict.HANGS;
        }
        if (Boolean.TRUE.equals(stillRunning)) {
            return Verdict.KEEPS_RUNNING;
        }
        return othersCompleted == others && Boolean.TRUE.equals(usableAfter) ? Verdict.ISOLATED : Verdict.PARTLY_ISOLATED;
    }

    /** The table cell: the verdict, then what happened. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!survived()) {
            parts.add("the whole runtime exited with status " + exitStatus + " after " + othersCompleted + " of " + others
                    + " other tasks had completed; the rest were lost with it");
        } else {
            parts.add("the failing task: " + failingTask);
            parts.add(othersCompleted + " of " + others + " other tasks completed");
        }
        if (Boolean.TRUE.equals(stillRunning)) {
            parts.add("the stuck code still runs after its caller gave up");
        } else if (Boolean.FALSE.equals(stillRunning)) {
            parts.add("the stuck code was stopped");
        }
        if (usableAfter != null) {
            parts.add(usableAfter ? "the pool still takes work" : "the pool takes no more work");
        }
        return verdict().label() + ": " + String.join("; ", parts) + String.format(Locale.ROOT, " (%.1f s)", seconds);
    }
}
