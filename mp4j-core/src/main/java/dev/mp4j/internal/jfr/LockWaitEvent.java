package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A thread waited for a cross-process lock (only waits over the threshold, default 10 ms). */
@Name("dev.mp4j.LockWait")
@Label("Lock Wait")
@Category({"mp4j", "Sync"})
@Description("A thread waited for a cross-process lock (only waits over the threshold, default 10 ms).")
@StackTrace(false)
@Threshold("10 ms")
final class LockWaitEvent extends jdk.jfr.Event {
    @Label("Lock") String lock;
    @Label("Owner Pid") @Description("The process that held it when the wait began") long ownerPid;
    @Label("Acquired") boolean acquired;
}
