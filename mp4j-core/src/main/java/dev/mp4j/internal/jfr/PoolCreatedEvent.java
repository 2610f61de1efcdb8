package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A pool was created. */
@Name("dev.mp4j.PoolCreated")
@Label("Pool Created")
@Category({"mp4j", "Pool"})
@Description("A pool was created.")
@StackTrace(false)

final class PoolCreatedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Engine") String engine;
    @Label("Size") int size;
}
