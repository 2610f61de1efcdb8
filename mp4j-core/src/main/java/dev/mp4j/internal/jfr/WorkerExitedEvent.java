package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A pool worker JVM exited. */
@Name("dev.mp4j.WorkerExited")
@Label("Worker Exited")
@Category({"mp4j", "Worker"})
@Description("A pool worker JVM exited.")
@StackTrace(false)

final class WorkerExitedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Worker") String worker;
    @Label("Pid") long pid;
    @Label("Exit Code") @Description("Python style: -N when signal N ended it") int exitCode;
    @Label("Signal") @Description("The signal that ended it, 0 when it exited by itself") int signal;
    @Label("Reason") @Description("closed, retired, terminated, timeout, died, start-failed") String reason;
    @Label("Tasks Completed") long completed;
}
