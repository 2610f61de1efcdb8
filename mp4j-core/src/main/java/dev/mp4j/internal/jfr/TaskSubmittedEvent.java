package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A task (an apply, or one chunk of a map) entered a pool's queue. */
@Name("dev.mp4j.TaskSubmitted")
@Label("Task Submitted")
@Category({"mp4j", "Pool"})
@Description("A task (an apply, or one chunk of a map) entered a pool's queue.")
@StackTrace(false)

final class TaskSubmittedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Kind") String kind;
    @Label("Items") int items;
}
