package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A pool ended: its duration is its life. */
@Name("dev.mp4j.PoolClosed")
@Label("Pool Closed")
@Category({"mp4j", "Pool"})
@Description("A pool ended: its duration is its life.")
@StackTrace(false)

final class PoolClosedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Engine") String engine;
    @Label("Completed") long completed;
    @Label("Failed") long failed;
    @Label("Workers Started") long workersStarted;
}
