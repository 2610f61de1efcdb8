package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** The result of a cluster task reached the caller: its duration is the round trip. */
@Name("dev.mp4j.ClusterTaskResult")
@Label("Cluster Task Result")
@Category({"mp4j", "Cluster"})
@Description("The result of a cluster task reached the caller: its duration is the round trip.")
@StackTrace(false)

final class ClusterTaskResultEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Outcome") String outcome;
    @Label("Exception") String exception;
}
