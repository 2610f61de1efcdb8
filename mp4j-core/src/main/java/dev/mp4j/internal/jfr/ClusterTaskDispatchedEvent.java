package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A task was handed to the cluster engine. */
@Name("dev.mp4j.ClusterTaskDispatched")
@Label("Cluster Task Dispatched")
@Category({"mp4j", "Cluster"})
@Description("A task was handed to the cluster engine.")
@StackTrace(false)

final class ClusterTaskDispatchedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Task Id") long taskId;
    @Label("Kind") String kind;
    @Label("Items") int items;
}
