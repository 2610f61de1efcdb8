package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A call to a shared object in a manager server (only calls over the threshold, default 1 ms). */
@Name("dev.mp4j.ManagerCall")
@Label("Manager Call")
@Category({"mp4j", "Manager"})
@Description("A call to a shared object in a manager server (only calls over the threshold, default 1 ms).")
@StackTrace(false)
@Threshold("1 ms")
final class ManagerCallEvent extends jdk.jfr.Event {
    @Label("Address") String address;
    @Label("Method") String method;
    @Label("Outcome") String outcome;
}
