package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A task ended: its duration is its run time, as the pool saw it. */
@Name("dev.mp4j.TaskFinished")
@Label("Task Finished")
@Category({"mp4j", "Pool"})
@Description("A task ended: its duration is its run time, as the pool saw it.")
@StackTrace(false)

final class TaskFinishedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Worker Pid") long workerPid;
    @Label("Queue Wait") @Timespan(Timespan.NANOSECONDS) long queueWait;
    @Label("Run Time") @Timespan(Timespan.NANOSECONDS) long runTime;
    @Label("Outcome") @Description("ok, failed, timeout, worker-died or cancelled") String outcome;
    @Label("Items") int items;
    @Label("Exception") String exception;
}
