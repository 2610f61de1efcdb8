package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A task running inside a worker JVM, recorded by that JVM. */
@Name("dev.mp4j.TaskExecution")
@Label("Task Execution")
@Category({"mp4j", "Worker"})
@Description("A task running inside a worker JVM, recorded by that JVM.")
@StackTrace(false)

final class TaskExecutionEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Items") int items;
    @Label("Outcome") String outcome;
}
