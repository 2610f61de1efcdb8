package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A thread waited on a cross-process queue, empty (get) or full (put); only waits over the threshold, default 10 ms. */
@Name("dev.mp4j.QueueWait")
@Label("Queue Wait")
@Category({"mp4j", "Queue"})
@Description("A thread waited on a cross-process queue, empty (get) or full (put); only waits over the threshold, default 10 ms.")
@StackTrace(false)
@Threshold("10 ms")
final class QueueWaitEvent extends jdk.jfr.Event {
    @Label("Queue") String queue;
    @Label("Operation") String operation;
    @Label("Done") @Description("false when it timed out") boolean done;
}
