package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A worker started a task. */
@Name("dev.mp4j.TaskStarted")
@Label("Task Started")
@Category({"mp4j", "Pool"})
@Description("A worker started a task.")
@StackTrace(false)

final class TaskStartedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Worker Pid") long workerPid;
    @Label("Queue Wait") @Timespan(Timespan.NANOSECONDS) long queueWait;
}
